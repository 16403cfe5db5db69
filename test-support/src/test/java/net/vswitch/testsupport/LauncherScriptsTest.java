package net.vswitch.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell side of a newcomer's first hour: {@code scripts/find-jdk.sh} (which JDK, which flags, what
 * it says when none fits) with fake JDKs, and {@code scripts/skip-summary.sh} on made-up reports.
 */
class LauncherScriptsTest
{
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final List<String> TOOLS = List.of("bash", "sed", "ls", "sort", "readlink", "dirname", "head",
        "cat", "env");

    @TempDir
    Path dir;

    /** A directory holding only the tools the script needs (no java, no mvn), to use as PATH. */
    private Path bareBin() throws IOException
    {
        final Path bin = dir.resolve("bin");
        if (Files.isDirectory(bin))
        {
            return bin;
        }
        Files.createDirectories(bin);
        for (final String tool : TOOLS)
        {
            // wrappers, not links: the temporary directory is deleted without following anything out of it
            final Path wrapper = Files.writeString(bin.resolve(tool), "#!/bin/sh\nexec " + Requirements.which(tool)
                + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return bin;
    }

    /** A fake JDK whose java reports {@code major} as its specification version. */
    private void fakeJdk(final Path jvmDir, final String name, final int major, final boolean javac) throws IOException
    {
        final Path bin = Files.createDirectories(jvmDir.resolve(name).resolve("bin"));
        final Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho '    java.specification.version = "
            + major + "' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (javac)
        {
            Files.copy(java, bin.resolve("javac"));
        }
    }

    private ChildProcess.Result findJdk(final Path jvmDir, final String after) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(Requirements.which("bash").toString(), "-c",
            "source " + SCRIPTS.resolve("find-jdk.sh") + " && " + after).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", bareBin().toString());
        builder.environment().put("VSWITCH_JVM_DIR", jvmDir.toString());
        try (ChildProcess child = ChildProcess.start(builder))
        {
            return child.await(Duration.ofSeconds(60));
        }
    }

    @Test
    void shouldNameTheJdksItFoundAndTheOneItNeeds() throws IOException
    {
        final Path jvm = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvm, "jdk-17", 17, true);
        fakeJdk(jvm, "jre-25", 25, false);
        final ChildProcess.Result result = findJdk(jvm, "echo found");
        assertEquals(1, result.exitCode(), result.output());
        final String first = result.lines().get(0);
        assertEquals("vswitch: needs a JDK >= 22 (the FFM API is final there); found: " + jvm.resolve("jre-25")
            + " (Java 25, a JRE: no javac); " + jvm.resolve("jdk-17") + " (JDK 17) (looked at $JAVA_HOME, " + jvm
            + "/*, java on PATH).", first);
        assertTrue(result.output().contains("apt-get install temurin-25-jdk"), result.output());
        assertTrue(result.output().contains("apt-get install maven"), result.output());
    }

    @Test
    void shouldPassTheUnsafeMemoryFlagOnlyToJdksThatKnowIt() throws IOException
    {
        final Path jvm22 = Files.createDirectories(dir.resolve("jvm22"));
        fakeJdk(jvm22, "jdk-22", 22, true);
        final String show = "echo \"$JAVA_HOME|$VSWITCH_JDK_MAJOR|$VSWITCH_JVM_FLAGS|${MAVEN_OPTS:-}\"";
        assertEquals(jvm22.resolve("jdk-22") + "|22|--enable-native-access=ALL-UNNAMED --add-exports"
            + " java.base/jdk.internal.misc=ALL-UNNAMED|", findJdk(jvm22, show).output().strip());
        final Path jvm23 = Files.createDirectories(dir.resolve("jvm23"));
        fakeJdk(jvm23, "jdk-23", 23, true);
        assertEquals(jvm23.resolve("jdk-23") + "|23|--enable-native-access=ALL-UNNAMED --add-exports"
            + " java.base/jdk.internal.misc=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow|"
            + " --sun-misc-unsafe-memory-access=allow", findJdk(jvm23, show).output().strip());
    }

    @Test
    void shouldStopWithoutMavenNamingThePackage() throws IOException
    {
        final Path jvm = Files.createDirectories(dir.resolve("jvm"));
        fakeJdk(jvm, "jdk-25", 25, true);
        final ChildProcess.Result result = findJdk(jvm, "vswitch_require_maven; echo built");
        assertEquals(1, result.exitCode(), result.output());
        assertEquals("vswitch: Maven (mvn) not found on PATH; it builds vswitch. Install it: apt-get install maven",
            result.lines().get(0));
    }

    @Test
    void shouldSummariseSkipsByReasonAndCountThem() throws Exception
    {
        final Path marker = Files.createFile(dir.resolve("marker"));
        Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.fromMillis(0));
        final Path reports = Files.createDirectories(dir.resolve("ports/target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-net.vswitch.ports.pcap.PcapPortTest.xml"), String.join("\n",
            "<testsuite name=\"x\">",
            "  <testcase name=\"a\" classname=\"net.vswitch.ports.pcap.PcapPortTest\" time=\"0\">",
            "    <skipped message=\"Assumption failed: needs: tshark (not on PATH) [pcap]; fix: apt-get install"
                + " tshark\"/>",
            "  </testcase>",
            "  <testcase name=\"b\" classname=\"net.vswitch.ports.pcap.PcapPortTest\" time=\"0\">",
            "    <skipped message=\"Assumption failed: the device &apos;x&apos; is &quot;busy&quot;\"/>",
            "  </testcase>",
            "  <testcase name=\"c\" classname=\"net.vswitch.ports.pcap.OtherTest\" time=\"0\">",
            "    <skipped/>",
            "  </testcase>",
            "</testsuite>"));
        Files.writeString(dir.resolve("ports/target/vswitch-skips.log"), String.join("\n",
            "TapEndToEndTest\tneeds: ethtool (not on PATH) [TAP]; fix: apt-get install ethtool",
            "AfPacketEndToEndTest\tneeds: ethtool (not on PATH) [TAP]; fix: apt-get install ethtool",
            "PcapPortTest\tneeds: tshark (not on PATH) [pcap]; fix: apt-get install tshark", ""));
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder(SCRIPTS.resolve("skip-summary.sh").toString(),
            dir.toString(), marker.toString()).redirectErrorStream(true)))
        {
            final ChildProcess.Result result = child.await(Duration.ofSeconds(60));
            assertEquals(5, result.exitCode(), result.output());
            final List<String> lines = result.lines();
            assertEquals("test: 5 skip(s) (a class skipped as a whole counts once):", lines.get(0));
            assertEquals(List.of(
                "test:    1 x (no reason given: @Disabled or an assumption without a message)",
                "test:        in OtherTest",
                "test:    1 x needs: tshark (not on PATH) [pcap]; fix: apt-get install tshark",
                "test:        in PcapPortTest",
                "test:    1 x the device 'x' is \"busy\"",
                "test:        in PcapPortTest",
                "test:    2 x needs: ethtool (not on PATH) [TAP]; fix: apt-get install ethtool",
                "test:        in AfPacketEndToEndTest, TapEndToEndTest"), sortedPairs(lines.subList(1, lines.size())));
        }
    }

    @Test
    void shouldListButNotCountSkipsForAFeatureTheHostKernelLacks() throws Exception
    {
        final Path marker = Files.createFile(dir.resolve("marker"));
        Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.fromMillis(0));
        Files.createDirectories(dir.resolve("ports/target"));
        final String geneve = Requirements.of("kernel Geneve").kernelFeature(false, "kernel module geneve").problem();
        Files.writeString(dir.resolve("ports/target/vswitch-skips.log"), "TunnelNetnsTest\t" + geneve + "\n");
        // a test skipped inside its body: surefire writes the reason as CDATA, not as message=""
        final Path reports = Files.createDirectories(dir.resolve("ports/target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-net.vswitch.ports.tunnel.TunnelNetnsTest.xml"), String.join("\n",
            "<testsuite name=\"x\">",
            "  <testcase name=\"g\" classname=\"net.vswitch.ports.tunnel.TunnelNetnsTest\" time=\"0\">",
            "    <skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA[org.opentest4j.TestAbortedException:"
                + " Assumption failed: " + geneve,
            "\tat org.junit.jupiter.api.Assumptions.assumeTrue(Assumptions.java:120)",
            "]]></skipped>",
            "  </testcase>",
            "</testsuite>"));
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder(SCRIPTS.resolve("skip-summary.sh").toString(),
            dir.toString(), marker.toString()).redirectErrorStream(true)))
        {
            final ChildProcess.Result result = child.await(Duration.ofSeconds(60));
            assertEquals(0, result.exitCode(), result.output());
            assertEquals(List.of("test: 1 skip(s) (a class skipped as a whole counts once):",
                "test:    1 x needs: kernel module geneve (host kernel) [kernel Geneve]", "test:        in TunnelNetnsTest",
                "test: 1 of them for a feature this host's kernel lacks (host kernel): not counted"), result.lines());
        }
    }

    /** The summary's reason/class line pairs in a stable order (awk's for-in order is unspecified). */
    private static List<String> sortedPairs(final List<String> lines)
    {
        final List<List<String>> pairs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i += 2)
        {
            pairs.add(List.of(lines.get(i), lines.get(i + 1)));
        }
        pairs.sort(java.util.Comparator.comparing((List<String> p) -> p.get(0).substring(0, 10))
            .thenComparing(p -> p.get(0)));
        return pairs.stream().flatMap(List::stream).toList();
    }
}
