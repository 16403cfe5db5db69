# Sourced by ./vswitch, ./test and the benchmark scripts: sets JAVA_HOME to a JDK >= 22 (FFM is final
# there), VSWITCH_JDK_MAJOR, the JVM flags that JDK understands (VSWITCH_JVM_FLAGS) and MAVEN_OPTS.
# Order: $JAVA_HOME if good, then every JDK under $VSWITCH_JVM_DIR (default /usr/lib/jvm, newest first),
# then java on PATH. Stops with a message naming what it found and what is needed when none fits.
VSWITCH_JDK_NEEDED=22
VSWITCH_PREREQS="on Debian/Ubuntu: Maven with 'apt-get install maven'; a JDK >= $VSWITCH_JDK_NEEDED (Temurin 25 recommended):
    apt-get install wget gpg && wget -qO- https://packages.adoptium.net/artifactory/api/gpg/key/public \\
        | gpg --dearmor > /usr/share/keyrings/adoptium.gpg
    echo \"deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb \$(. /etc/os-release; echo \$VERSION_CODENAME) main\" \\
        > /etc/apt/sources.list.d/adoptium.list
    apt-get update && apt-get install temurin-25-jdk
  or unpack any JDK >= $VSWITCH_JDK_NEEDED and point JAVA_HOME at it (see README, Prerequisites)"
vswitch_jdk_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -1
}
vswitch_find_jdk() {
    local candidate major
    VSWITCH_JDKS_SEEN=""
    for candidate in "${JAVA_HOME:-}" $(ls -d "${VSWITCH_JVM_DIR:-/usr/lib/jvm}"/*/ 2>/dev/null | sort -rV) \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        candidate="${candidate%/}"
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major="$(vswitch_jdk_major "$candidate")"
        if [ ! -x "$candidate/bin/javac" ]; then
            VSWITCH_JDKS_SEEN="$VSWITCH_JDKS_SEEN $candidate (Java ${major:-?}, a JRE: no javac);"
            continue
        fi
        if [ -n "$major" ] && [ "$major" -ge "$VSWITCH_JDK_NEEDED" ]; then
            echo "$candidate $major"
            return 0
        fi
        VSWITCH_JDKS_SEEN="$VSWITCH_JDKS_SEEN $candidate (JDK ${major:-?});"
    done
    echo "${VSWITCH_JDKS_SEEN%;}"
    return 1
}
vswitch_require_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "vswitch: Maven (mvn) not found on PATH; it builds vswitch. Install it: apt-get install maven" >&2
        echo "vswitch: prerequisites $VSWITCH_PREREQS" >&2
        exit 1
    fi
}
if ! VSWITCH_JDK="$(vswitch_find_jdk)"; then
    echo "vswitch: needs a JDK >= $VSWITCH_JDK_NEEDED (the FFM API is final there); found:${VSWITCH_JDK:- nothing} (looked at" \
         "\$JAVA_HOME, ${VSWITCH_JVM_DIR:-/usr/lib/jvm}/*, java on PATH)." >&2
    echo "vswitch: prerequisites $VSWITCH_PREREQS" >&2
    exit 1
fi
VSWITCH_JDK_MAJOR="${VSWITCH_JDK##* }"
export JAVA_HOME="${VSWITCH_JDK% *}"
export PATH="$JAVA_HOME/bin:$PATH"
VSWITCH_JVM_FLAGS="--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED"
if [ "$VSWITCH_JDK_MAJOR" -ge 23 ]; then
    # JDK 23+ warns about (24+: restricts) sun.misc.Unsafe memory access, which Agrona and Maven's Guice use;
    # JDK 22 does not know the flag and refuses to start with it
    VSWITCH_JVM_FLAGS="$VSWITCH_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
    case " ${MAVEN_OPTS:-} " in
        *" --sun-misc-unsafe-memory-access="*) ;;
        *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
fi
