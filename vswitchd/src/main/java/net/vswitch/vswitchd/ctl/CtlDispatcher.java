package net.vswitch.vswitchd.ctl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicControl;
import net.vswitch.vswitchd.daemon.Daemon;
import net.vswitch.vswitchd.daemon.SwitchInstance;

/**
 * Routes a ctl request: takes out {@code --json} and {@code --switch NAME}, then runs the registered
 * command of that name; failing that, asks the target switch's logic ({@link LogicControl}) whether
 * it answers the command, which is how {@code dump-flows}, {@code secgroup ...} and friends arrive
 * with their modules. Daemon-side features add commands with {@link #register}.
 */
public final class CtlDispatcher
{
    /** Commands that logic modules answer, and the logic each needs (for the "not available" answer). */
    public static final Map<String, String> LOGIC_COMMANDS = Map.of(
        "dump-flows", "openflow",
        "dump-megaflows", "openflow",
        "dump-conntrack", "openflow or secgroups",
        "secgroup", "secgroups");

    private final Daemon daemon;
    private final Map<String, CtlCommand> commands = new ConcurrentSkipListMap<>();

    public CtlDispatcher(final Daemon daemon)
    {
        this.daemon = daemon;
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
                command.run(new CtlCall(daemon, command, args, json, switchName, reply));
            }
            else
            {
                runOnLogic(name, new CtlCall(daemon, new LogicCommand(name), args, json, switchName, reply));
            }
        }
        catch (final CtlException | IllegalArgumentException | IllegalStateException ex)
        {
            reply.error(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            daemon.log().error("ctl_command_failed", "command", name, "error", ex.toString());
            reply.error(name + " failed: " + ex);
        }
    }

    private void runOnLogic(final String name, final CtlCall call) throws CtlException, IOException
    {
        final String needs = LOGIC_COMMANDS.get(name);
        final boolean known = needs != null;
        final SwitchInstance instance;
        try
        {
            instance = call.target();
        }
        catch (final CtlException ex)
        {
            if (!known && call.switchName() == null)
            {
                throw unknown(name);
            }
            throw ex;
        }
        final SwitchLogic logic = instance.fabric().logic();
        if (logic instanceof LogicControl control && control.commands().contains(name))
        {
            final String answer = control.command(name, call.args(), call.json());
            call.ok(answer.isEmpty() || answer.endsWith("\n") ? answer : answer + "\n");
            return;
        }
        if (known)
        {
            throw new CtlException(name + " is not available: the current logic of switch " + instance.name()
                + " is " + instance.logicName() + " (" + name + " needs " + needs + ")");
        }
        throw unknown(name);
    }

    private CtlException unknown(final String name)
    {
        return new CtlException("unknown command '" + name + "'; commands: " + String.join(", ", commands.keySet())
            + ", " + String.join(", ", new java.util.TreeSet<>(LOGIC_COMMANDS.keySet())) + " (try: help)");
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
