package net.vswitch.vswitchd.ctl;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.pcap.PcapCapture;
import net.vswitch.vswitchd.config.ConfigException;
import net.vswitch.vswitchd.daemon.DaemonException;
import net.vswitch.vswitchd.daemon.ManagedPort;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.state.StateStore;
import net.vswitch.vswitchd.state.StateWriteException;
import net.vswitch.vswitchd.util.Json;

/**
 * Commands that change the daemon: {@code add-port}, {@code del-port}, {@code set-logic}, {@code reload},
 * {@code capture}. The first four are saved in the state file before they are answered; one that cannot
 * be saved is undone (or never made) and refused.
 */
final class ChangeCommands
{
    private ChangeCommands()
    {
    }

    static void registerAll(final CtlDispatcher dispatcher)
    {
        dispatcher.register(new BuiltinCommand("add-port", "[--switch NAME] SPEC",
            "create a port from a SPEC (virtual:NAME, afpacket:IF, ...) and attach it", ChangeCommands::addPort));
        dispatcher.register(new BuiltinCommand("del-port", "[--switch NAME] PORT",
            "detach and close a port", ChangeCommands::delPort));
        dispatcher.register(new BuiltinCommand("set-logic", "[--switch NAME] LOGIC [KEY=VALUE]...",
            "swap the switching logic while traffic flows", ChangeCommands::setLogic));
        dispatcher.register(new BuiltinCommand("reload", "",
            "re-read the config file and apply what changed", ChangeCommands::reload));
        dispatcher.register(new BuiltinCommand("capture", "[--switch NAME] PORT FILE | --stop PORT",
            "mirror a port's traffic (both directions) into a pcap file until --stop", ChangeCommands::capture));
    }

    private static void addPort(final CtlCall call) throws CtlException, IOException
    {
        final String text = call.expect(1).get(0);
        final PortSpec spec = PortSpec.parse(text);
        final SwitchInstance instance = call.target();
        final StateStore store = call.dispatcher().store();
        final ManagedPort port;
        synchronized (store.changes())
        {
            port = instance.addPort(spec, ManagedPort.Origin.CTL);
            try
            {
                store.save(call.dispatcher().switches().saved());
            }
            catch (final StateWriteException ex)
            {
                instance.removePort(port.name());
                throw new CtlException(ex.getMessage() + "; port " + port.name() + " was not added");
            }
        }
        final int index = port.port().index();
        final int number = port.port().number();
        if (call.json())
        {
            call.ok(Json.write(object("switch", instance.name(), "port", port.name(), "index", index,
                "ofport", number, "spec", spec.text())) + "\n");
            return;
        }
        call.ok("added port " + port.name() + " to switch " + instance.name() + " (index " + index + ", ofport "
            + number + ")\n");
    }

    private static void delPort(final CtlCall call) throws CtlException, IOException
    {
        final String name = call.expect(1).get(0);
        final SwitchInstance instance = call.target();
        final StateStore store = call.dispatcher().store();
        final ManagedPort port;
        synchronized (store.changes())
        {
            if (instance.port(name) == null)
            {
                instance.removePort(name); // throws, naming the ports there are
            }
            try
            {
                store.save(call.dispatcher().switches().saved().with(instance.saved().withoutPort(name)));
            }
            catch (final StateWriteException ex)
            {
                throw new CtlException(ex.getMessage() + "; port " + name + " was not removed");
            }
            port = instance.removePort(name, true);
            saveAfter(call, "del-port " + name);
        }
        final long rx = port.port().counters().rxPackets();
        final long tx = port.port().counters().txPackets();
        if (call.json())
        {
            call.ok(Json.write(object("switch", instance.name(), "port", name, "rx_packets", rx, "tx_packets", tx))
                + "\n");
            return;
        }
        call.ok("removed port " + name + " from switch " + instance.name() + " (rx " + rx + " packets, tx " + tx
            + " packets)\n");
    }

    private static void setLogic(final CtlCall call) throws CtlException, IOException
    {
        final List<String> args = call.args();
        if (args.isEmpty() || args.get(0).startsWith("--"))
        {
            throw call.usage(args.isEmpty() ? "missing argument" : "unknown option " + args.get(0));
        }
        final String name = args.get(0);
        final Map<String, String> settings = new LinkedHashMap<>();
        for (final String pair : args.subList(1, args.size()))
        {
            final int eq = pair.indexOf('=');
            if (eq <= 0)
            {
                throw call.usage("setting '" + pair + "' must be KEY=VALUE");
            }
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        final SwitchInstance instance = call.target();
        final String old = instance.logicName();
        final SwitchLogic logic;
        try
        {
            logic = instance.createLogic(name, settings);
        }
        catch (final LogicSettings.InvalidSetting ex)
        {
            throw new CtlException(ex.getMessage());
        }
        final StateStore store = call.dispatcher().store();
        synchronized (store.changes())
        {
            try
            {
                instance.carryState(logic, name);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CtlException(ex.getMessage());
            }
            try
            {
                store.save(call.dispatcher().switches().saved().with(instance.saved().withLogic(name, settings,
                    SwitchInstance.exportModule(logic))));
            }
            catch (final StateWriteException ex)
            {
                throw new CtlException(ex.getMessage() + "; switch " + instance.name() + " keeps logic " + old);
            }
            instance.useLogic(logic, name, settings, true);
        }
        if (call.json())
        {
            call.ok(Json.write(object("switch", instance.name(), "from", old, "logic", name)) + "\n");
            return;
        }
        call.ok("switch " + instance.name() + ": logic " + old + " -> " + name
            + (settings.isEmpty() ? "" : " " + settings) + "\n");
    }

    private static void reload(final CtlCall call) throws CtlException, IOException
    {
        call.expect(0);
        final List<String> changes;
        final StateStore store = call.dispatcher().store();
        synchronized (store.changes())
        {
            try
            {
                changes = call.dispatcher().reload().reload();
            }
            catch (final ConfigException | DaemonException ex)
            {
                throw new CtlException("reload failed: " + ex.getMessage());
            }
            try
            {
                store.save(call.dispatcher().switches().saved());
            }
            catch (final StateWriteException ex)
            {
                throw new CtlException("reload applied the config file (" + changes.size() + " change(s)), but "
                    + ex.getMessage());
            }
        }
        if (call.json())
        {
            call.ok(Json.write(object("changes", changes)) + "\n");
            return;
        }
        call.ok(changes.isEmpty() ? "reloaded: nothing changed\n" : "reloaded:\n  " + String.join("\n  ", changes)
            + "\n");
    }

    /**
     * Saves what a change that is already made left (a detached port's module entries are gone); the change was
     * saved before it was made, so a failure here is logged, and the next change saves again.
     */
    private static void saveAfter(final CtlCall call, final String change)
    {
        try
        {
            call.dispatcher().store().save(call.dispatcher().switches().saved());
        }
        catch (final StateWriteException ex)
        {
            call.dispatcher().log().warn("state_save_failed", "after", change, "error", ex.getMessage());
        }
    }

    private static void capture(final CtlCall call) throws CtlException, IOException
    {
        final List<String> args = call.args();
        final SwitchInstance instance = call.target();
        if (!args.isEmpty() && args.get(0).equals("--stop"))
        {
            if (args.size() != 2)
            {
                throw call.usage(args.size() < 2 ? "missing argument" : "too many arguments");
            }
            final PcapCapture capture = instance.stopCapture(args.get(1));
            final String failure = capture.failure();
            if (call.json())
            {
                call.ok(Json.write(object("switch", instance.name(), "port", args.get(1), "file",
                    capture.file().toString(), "captured", capture.captured(), "missed", capture.missed(),
                    "failure", failure)) + "\n");
                return;
            }
            call.ok("stopped capture of port " + args.get(1) + ": " + capture.captured() + " frames written to "
                + capture.file() + (capture.missed() > 0 ? " (" + capture.missed() + " missed: the writer fell"
                + " behind)" : "") + (failure != null ? "; " + failure : "") + "\n");
            return;
        }
        final List<String> words = call.expect(2);
        final Path file = Path.of(words.get(1));
        if (!file.isAbsolute())
        {
            throw new CtlException("capture FILE must be an absolute path (the daemon does not know your working"
                + " directory): " + file);
        }
        final PcapCapture capture = instance.startCapture(words.get(0), file);
        if (call.json())
        {
            call.ok(Json.write(object("switch", instance.name(), "port", words.get(0), "file",
                capture.file().toString())) + "\n");
            return;
        }
        call.ok("capturing port " + words.get(0) + " of switch " + instance.name() + " to " + file
            + " (stop with: capture --stop " + words.get(0) + ")\n");
    }
}
