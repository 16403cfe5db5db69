package net.vswitch.vswitchd.ctl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.daemon.Switches;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Json;
import net.vswitch.vswitchd.util.Log;

/**
 * Routes a ctl request: takes out {@code --json} and {@code --switch NAME}, then runs the daemon's
 * command of that name; failing that, the target switch's logic answers it if it lists the command in
 * {@link LogicControl#commands()} (how {@code fdb show}, {@code dump-flows}, {@code secgroup ...} arrive
 * with their modules, none named here). An unknown command is answered with the daemon's commands and
 * those the current logic answers. Daemon-side features add commands with {@link #register}.
 */
public final class CtlDispatcher
{
    private final Switches switches;
    private final LogicRegistry registry;
    private final Reload reload;
    private final Log log;
    private final Map<String, CtlCommand> commands = new ConcurrentSkipListMap<>();

    public CtlDispatcher(final Switches switches, final LogicRegistry registry, final Reload reload, final Log log)
    {
        this.switches = switches;
        this.registry = registry;
        this.reload = reload;
        this.log = log;
        ReadCommands.registerAll(this);
        ChangeCommands.registerAll(this);
    }

    /** Adds a command (replacing one of the same name). */
    public void register(final CtlCommand command)
    {
        commands.put(command.name(), command);
    }

    public List<CtlCommand> commands()
    {
        return new ArrayList<>(commands.values());
    }

    public Switches switches()
    {
        return switches;
    }

    public LogicRegistry registry()
    {
        return registry;
    }

    Reload reload()
    {
        return reload;
    }

    /** Runs one request; every failure becomes an {@code error} answer naming the problem. */
    public void dispatch(final List<String> words, final CtlReply reply) throws IOException
    {
        boolean json = false;
        String switchName = null;
        final List<String> rest = new ArrayList<>();
        for (int i = 0; i < words.size(); i++)
        {
            final String word = words.get(i);
            if (word.equals("--json"))
            {
                json = true;
            }
            else if (word.equals("--switch") || word.equals("-s"))
            {
                if (i + 1 >= words.size())
                {
                    reply.error("--switch needs a switch name");
                    return;
                }
                switchName = words.get(++i);
            }
            else if (word.startsWith("--switch="))
            {
                switchName = word.substring("--switch=".length());
            }
            else
            {
                rest.add(word);
            }
        }
        if (rest.isEmpty())
        {
            reply.error("no command given; try: help");
            return;
        }
        final String name = rest.get(0);
        final List<String> args = rest.subList(1, rest.size());
        final CtlCommand command = commands.get(name);
        if (command != null && (args.contains("--help") || args.contains("-h")))
        {
            reply.ok("usage: " + name + (command.usage().isEmpty() ? "" : " " + command.usage()) + "\n  "
                + command.summary() + "\n");
            return;
        }
        try
        {
            if (command != null)
            {
                command.run(new CtlCall(this, command, args, json, switchName, reply));
            }
            else
            {
                runOnLogic(name, new CtlCall(this, new LogicCommand(name), args, json, switchName, reply));
            }
        }
        catch (final CtlException | IllegalArgumentException | IllegalStateException ex)
        {
            reply.error(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            log.error("ctl_command_failed", "command", name, "error", ex.toString());
            reply.error(name + " failed: " + ex);
        }
    }

    private void runOnLogic(final String name, final CtlCall call) throws CtlException, IOException
    {
        final SwitchInstance instance;
        try
        {
            instance = call.target();
        }
        catch (final CtlException ex)
        {
            if (call.switchName() == null && answeredBySome(name))
            {
                throw ex; // several switches, one of whose logic answers it: ask which
            }
            throw unknown(name, null);
        }
        final SwitchLogic logic = instance.fabric().logic();
        if (!(logic instanceof LogicControl control) || !commandsOf(logic).contains(name))
        {
            throw unknown(name, instance);
        }
        final String answer = control.command(name, call.args(), call.json());
        if (call.json())
        {
            checkJson(instance, name, answer);
        }
        call.ok(answer.isEmpty() || answer.endsWith("\n") ? answer : answer + "\n");
    }

    /** A module's {@code --json} answer must parse: scripts read it, and a broken one is the module's bug. */
    private static void checkJson(final SwitchInstance instance, final String name, final String answer)
        throws CtlException
    {
        try
        {
            Json.parse(answer);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CtlException("logic " + instance.logicName() + " answered '" + name + " --json' with invalid"
                + " JSON (" + ex.getMessage() + "); build it with net.vswitch.fabric.plugin.ControlJson");
        }
    }

    private boolean answeredBySome(final String name)
    {
        for (final SwitchInstance instance : switches.all())
        {
            if (commandsOf(instance.fabric().logic()).contains(name))
            {
                return true;
            }
        }
        return false;
    }

    /** The commands a logic registers through {@link LogicControl#commands()}, sorted; none when it throws. */
    static Set<String> commandsOf(final SwitchLogic logic)
    {
        if (logic instanceof LogicControl control)
        {
            try
            {
                return new TreeSet<>(control.commands());
            }
            catch (final RuntimeException ex)
            {
                return Set.of();
            }
        }
        return Set.of();
    }

    /** Names the daemon's commands and those the current logic of {@code instance} (when known) answers. */
    private CtlException unknown(final String name, final SwitchInstance instance)
    {
        final StringBuilder message = new StringBuilder("unknown command '").append(name).append("'; commands: ")
            .append(String.join(", ", commands.keySet()));
        if (instance != null)
        {
            final Set<String> logicCommands = commandsOf(instance.fabric().logic());
            message.append("; logic ").append(instance.logicName()).append(" of switch ").append(instance.name())
                .append(logicCommands.isEmpty() ? " answers no commands" : " answers: "
                + String.join(", ", logicCommands));
        }
        return new CtlException(message.append(" (try: help)").toString());
    }

    /** Stand-in so a logic command's usage errors read like any other. */
    private record LogicCommand(String name) implements CtlCommand
    {
        @Override
        public String usage()
        {
            return "...";
        }

        @Override
        public String summary()
        {
            return "answered by the switch's logic";
        }

        @Override
        public void run(final CtlCall call)
        {
            throw new UnsupportedOperationException();
        }
    }
}
