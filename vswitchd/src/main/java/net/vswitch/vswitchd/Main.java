package net.vswitch.vswitchd;

import net.vswitch.vswitchd.ctl.CtlCommandLine;
import net.vswitch.vswitchd.daemon.RunCommand;
import net.vswitch.vswitchd.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code vswitch} command. */
@Command(name = "vswitch", mixinStandardHelpOptions = true, version = "vswitch 0.1.0",
    description = "A userspace software switch: an mSwitch-style fabric with pluggable switching logic.",
    footer = {"", "Figures: ./vswitch bench [--quick] [--only NAME,...] [--out DIR]",
        "(the launcher runs the benchmarks module's own command; ./vswitch bench --help)."},
    subcommands = {DemoCommand.class, RunCommand.class, CtlCommandLine.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args)
    {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int execute(final String... args)
    {
        final CommandLine commandLine = new CommandLine(new Main());
        // everything after the ctl COMMAND word belongs to the daemon (e.g. 'stats --watch')
        commandLine.getSubcommands().get("ctl").setStopAtPositional(true);
        return commandLine.execute(args);
    }

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }
}
