package net.vswitch.logic.openflow;

import java.time.Duration;

import net.vswitch.testsupport.ChildProcess;
import net.vswitch.testsupport.Requirements;

/** The real {@code ovs-ofctl} as the interop tests use it: probed once per test, bounded waits. */
public final class OvsOfctl
{
    private OvsOfctl()
    {
    }

    /** Skips the calling test, naming the package, when {@code ovs-ofctl} is not installed. */
    public static void assumeInstalled(final String what)
    {
        Requirements.of(what).tool("ovs-ofctl", "openvswitch-common").assumeMet();
    }

    /** The flow as Open vSwitch's own parser and printer ({@code ovs-ofctl parse-flow}) print it. */
    public static String parseFlow(final String flow) throws Exception
    {
        assumeInstalled("ovs-ofctl parse-flow interop");
        final ChildProcess.Result result;
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13",
            "parse-flow", flow).redirectErrorStream(true)))
        {
            result = child.await(Duration.ofSeconds(30));
        }
        final String out = result.output().trim();
        final String last = out.substring(out.lastIndexOf('\n') + 1);
        return last.substring(last.indexOf(": ADD ") + ": ADD ".length()).replaceFirst("^table:\\d+ ", "");
    }
}
