# Sourced by ./vswitch and ./test: sets JAVA_HOME to a JDK >= 22 (FFM is final there).
# Order: $JAVA_HOME if good, then every JDK under /usr/lib/jvm (newest first), then java on PATH.
vswitch_jdk_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
vswitch_find_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        candidate="${candidate%/}"
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major="$(vswitch_jdk_major "$candidate")"
        if [ -n "$major" ] && [ "$major" -ge 22 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! VSWITCH_JDK="$(vswitch_find_jdk)"; then
    echo "vswitch: no JDK >= 22 found (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)." >&2
    echo "vswitch: install one, e.g. Temurin 25, or point JAVA_HOME at it." >&2
    exit 1
fi
export JAVA_HOME="$VSWITCH_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
VSWITCH_JVM_FLAGS="--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
