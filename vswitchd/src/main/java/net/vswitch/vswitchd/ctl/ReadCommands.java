package net.vswitch.vswitchd.ctl;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.Port;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.bridge.MacEntry;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.util.JsonWriter;
import net.vswitch.vswitchd.util.Table;

/** Commands that only read: {@code help}, {@code show}, {@code stats}, {@code fdb show}, {@code logics}. */
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
        dispatcher.register(new BuiltinCommand("fdb", "show [--switch NAME] [--json]",
            "the learning bridge's MAC table", ReadCommands::fdb));
        dispatcher.register(new BuiltinCommand("logics", "[--json]", "logic NAMEs set-logic and --logic accept",
            ReadCommands::logics));
    }

    private static void help(final CtlCall call, final CtlDispatcher dispatcher) throws CtlException, IOException
    {
        call.expect(0);
        final Table table = new Table("COMMAND", "SUMMARY");
        for (final CtlCommand command : dispatcher.commands())
        {
            table.row(command.name() + (command.usage().isEmpty() ? "" : " " + command.usage()), command.summary());
        }
        for (final Map.Entry<String, String> entry : new java.util.TreeMap<>(CtlDispatcher.LOGIC_COMMANDS).entrySet())
        {
            table.row(entry.getKey() + " ...", "answered by the " + entry.getValue() + " logic");
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
        for (long n = 1; watch && n < count && !call.daemon().isClosed(); n++)
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

    private static void fdb(final CtlCall call) throws CtlException, IOException
    {
        final List<String> args = call.expect(1);
        if (!args.get(0).equals("show"))
        {
            throw call.usage("unknown fdb subcommand '" + args.get(0) + "'");
        }
        final SwitchInstance instance = call.target();
        if (!(instance.fabric().logic() instanceof LearningBridge bridge))
        {
            throw new CtlException("fdb show is not available: the current logic of switch " + instance.name()
                + " is " + instance.logicName() + " (fdb needs bridge)");
        }
        final List<MacEntry> entries = bridge.entries();
        entries.sort((a, b) -> a.port() != b.port() ? Integer.compare(a.port(), b.port())
            : a.vlan() != b.vlan() ? Integer.compare(a.vlan(), b.vlan()) : Long.compare(a.mac(), b.mac()));
        if (call.json())
        {
            final JsonWriter json = new JsonWriter();
            json.beginObject().member("switch", instance.name()).member("size", bridge.size())
                .member("limit", bridge.limit()).member("aging", bridge.agingSeconds())
                .name("entries").beginArray();
            for (final MacEntry entry : entries)
            {
                json.beginObject().member("port", portName(instance, entry.port())).member("index", entry.port())
                    .member("vlan", entry.vlan()).member("mac", entry.macString()).member("age", entry.ageSeconds())
                    .endObject();
            }
            call.ok(json.endArray().endObject() + "\n");
            return;
        }
        final Table table = new Table("PORT", "VLAN", "MAC", "AGE#");
        for (final MacEntry entry : entries)
        {
            table.row(portName(instance, entry.port()), entry.vlan() < 0 ? "-" : String.valueOf(entry.vlan()),
                entry.macString(), entry.ageSeconds());
        }
        call.ok(table.toString() + entries.size() + " of at most " + bridge.limit() + " entries, aging " + bridge.agingSeconds()
            + " s\n");
    }

    private static String portName(final SwitchInstance instance, final int index)
    {
        final Port port = instance.fabric().port(index);
        return port == null ? "#" + index : port.name();
    }

    private static void logics(final CtlCall call) throws CtlException, IOException
    {
        call.expect(0);
        final Map<String, LogicProvider> providers = new java.util.TreeMap<>(call.daemon().registry().providers());
        if (call.json())
        {
            final JsonWriter json = new JsonWriter().beginObject().name("logics").beginArray();
            for (final LogicProvider provider : providers.values())
            {
                json.beginObject().member("name", provider.name()).member("description", provider.description())
                    .endObject();
            }
            call.ok(json.endArray().endObject() + "\n");
            return;
        }
        final Table table = new Table("NAME", "DESCRIPTION");
        for (final LogicProvider provider : providers.values())
        {
            table.row(provider.name(), provider.description());
        }
        call.ok(table + "or the fully qualified class name of a SwitchLogic on the class path\n");
    }
}
