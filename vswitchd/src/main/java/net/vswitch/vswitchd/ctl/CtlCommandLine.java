package net.vswitch.vswitchd.ctl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import net.vswitch.vswitchd.config.CtlPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vswitch ctl [--ctl PATH] COMMAND [ARGS]...}: sends the command to a running daemon and
 * prints its answer; exit status 0 on success, 1 when the daemon refused, 2 when no daemon answered.
 * Everything after COMMAND goes to the daemon as is (see {@code vswitch ctl help}).
 */
@Command(name = "ctl", mixinStandardHelpOptions = true,
    description = {"Control a running vswitch daemon over its Unix socket.",
        "Commands: show, stats [--watch], add-port SPEC, del-port NAME, set-logic NAME [KEY=VALUE]...,",
        "capture PORT FILE | --stop PORT, reload, logics, help; and what the switch's logic answers",
        "(e.g. fdb show for bridge, dump-flows for openflow, secgroup ... for secgroups; see help).",
        "Every read takes --json."})
public final class CtlCommandLine implements Callable<Integer>
{
    @Option(names = "--ctl", paramLabel = "PATH",
        description = "control socket (default: $VSWITCH_CTL, else $XDG_RUNTIME_DIR/vswitch.ctl, else /tmp/vswitch.ctl)")
    Path ctl;

    @Option(names = "--json", description = "machine-readable answer")
    boolean json;

    @Option(names = {"--switch", "-s"}, paramLabel = "NAME", description = "the switch to act on")
    String switchName;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "command and its arguments")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call()
    {
        final List<String> words = new ArrayList<>(command);
        absoluteCaptureFile(words);
        if (json)
        {
            words.add("--json");
        }
        if (switchName != null)
        {
            words.add("--switch");
            words.add(switchName);
        }
        final Path path = ctl != null ? ctl : CtlPath.defaultPath();
        return CtlClient.run(path, words, System.out, System.err);
    }

    /** {@code capture PORT FILE}: the daemon has its own working directory, so FILE is made absolute here. */
    static void absoluteCaptureFile(final List<String> words)
    {
        if (words.size() == 3 && words.get(0).equals("capture") && !words.get(1).startsWith("-"))
        {
            words.set(2, Path.of(words.get(2)).toAbsolutePath().toString());
        }
    }
}
