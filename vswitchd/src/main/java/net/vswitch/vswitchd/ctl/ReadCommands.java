package net.vswitch.vswitchd.ctl;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.TextTable;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.util.Json;

/** Commands that only read: {@code help}, {@code show}, {@code stats}, {@code logics}. */
final class ReadCommands
{
    static final long WATCH_INTERVAL_MS_DEFAULT = 1000;

    private ReadCommands()
    {
    }

    static void registerAll(final CtlDispatcher dispatcher)
    {
        dispatcher.register(new BuiltinCommand("help", "", "list the commands", call -> help(call, dispatcher)));
        dispatcher.register(new BuiltinCommand("show", "[--switch NAME] [--json]",
            "switches, their logic and ports with counters", ReadCommands::show));
        dispatcher.register(new BuiltinCommand("stats",
            "[--switch NAME] [--json] [--watch [--interval SECONDS] [--count N]]",
            "counters per port, drops by reason; --watch repeats every interval", ReadCommands::stats));
        dispatcher.register(new BuiltinCommand("logics", "[--json]", "logic NAMEs set-logic and --logic accept",
            ReadCommands::logics));
    }

    private static void help(final CtlCall call, final CtlDispatcher dispatcher) throws CtlException, IOException
    {
        call.expect(0);
        final TextTable table = new TextTable("COMMAND", "SUMMARY");
        for (final CtlCommand command : dispatcher.commands())
        {
            table.row(command.name() + (command.usage().isEmpty() ? "" : " " + command.usage()), command.summary());
        }
        for (final SwitchInstance instance : dispatcher.switches().all())
        {
            for (final String name : CtlDispatcher.commandsOf(instance.fabric().logic()))
            {
                table.row(name + " ...", "answered by logic " + instance.logicName() + " of switch "
                    + instance.name());
            }
        }
        call.ok(table + "every read takes --json; --switch NAME picks a switch when the daemon runs several\n");
    }

    private static void show(final CtlCall call) throws CtlException, IOException
    {
        call.expect(0);
        final List<SwitchInstance> switches = call.switches();
        call.ok(call.json() ? SwitchReport.json(switches) : SwitchReport.showText(switches));
    }

    private static void stats(final CtlCall call) throws CtlException, IOException
    {
        boolean watch = false;
        long intervalMs = WATCH_INTERVAL_MS_DEFAULT;
        long count = Long.MAX_VALUE;
        final List<String> args = call.args();
        for (int i = 0; i < args.size(); i++)
        {
            switch (args.get(i))
            {
                case "--watch" -> watch = true;
                case "--interval" -> intervalMs = (long)(positive(call, args, ++i, "--interval") * 1000);
                case "--count" -> count = (long)positive(call, args, ++i, "--count");
                default -> throw call.usage(args.get(i).startsWith("--") ? "unknown option " + args.get(i)
                    : "unexpected argument '" + args.get(i) + "'");
            }
        }
        if (!watch && (count != Long.MAX_VALUE || intervalMs != WATCH_INTERVAL_MS_DEFAULT))
        {
            throw call.usage("--interval and --count need --watch");
        }
        final List<SwitchInstance> switches = call.switches();
        call.ok(stats(call, switches, watch));
        for (long n = 1; watch && n < count && !call.dispatcher().switches().isClosed(); n++)
        {
            try
            {
                Thread.sleep(Math.max(1, intervalMs));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            call.reply().more(stats(call, switches, true));
        }
    }

    private static String stats(final CtlCall call, final List<SwitchInstance> switches, final boolean watch)
    {
        if (call.json())
        {
            return SwitchReport.json(switches); // one document per line when watching
        }
        final String text = SwitchReport.statsText(switches);
        return watch ? "--- " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n" + text : text;
    }

    private static double positive(final CtlCall call, final List<String> args, final int i, final String option)
        throws CtlException
    {
        if (i >= args.size())
        {
            throw call.usage(option + " needs a number");
        }
        try
        {
            final double value = Double.parseDouble(args.get(i));
            if (value > 0 && value < 1e9)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // fall through to the error
        }
        throw call.usage(option + " must be a positive number, got '" + args.get(i) + "'");
    }

    private static void logics(final CtlCall call) throws CtlException, IOException
    {
        call.expect(0);
        final Map<String, LogicProvider> providers = new TreeMap<>(call.dispatcher().registry().providers());
        if (call.json())
        {
            final List<Map<String, Object>> logics = new ArrayList<>();
            for (final LogicProvider provider : providers.values())
            {
                logics.add(object("name", provider.name(), "description", provider.description()));
            }
            call.ok(Json.write(object("logics", logics)) + "\n");
            return;
        }
        final TextTable table = new TextTable("NAME", "DESCRIPTION");
        for (final LogicProvider provider : providers.values())
        {
            table.row(provider.name(), provider.description());
        }
        call.ok(table + "or the fully qualified class name of a SwitchLogic on the class path\n");
    }
}
