package net.vswitch.vswitchd.ctl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import net.vswitch.vswitchd.daemon.SwitchInstance;
import net.vswitch.vswitchd.daemon.Switches;

/** One ctl request as a command sees it: its words, {@code --json}, the target switch, and the reply. */
public final class CtlCall
{
    private final CtlDispatcher dispatcher;
    private final CtlCommand command;
    private final List<String> args;
    private final boolean json;
    private final String switchName;
    private final CtlReply reply;

    CtlCall(final CtlDispatcher dispatcher, final CtlCommand command, final List<String> args, final boolean json,
        final String switchName, final CtlReply reply)
    {
        this.dispatcher = dispatcher;
        this.command = command;
        this.args = List.copyOf(args);
        this.json = json;
        this.switchName = switchName;
        this.reply = reply;
    }

    /** The dispatcher running the call: the daemon's switches, logic registry and reload. */
    public CtlDispatcher dispatcher()
    {
        return dispatcher;
    }

    /** Words after the command name (without {@code --json}/{@code --switch NAME}). */
    public List<String> args()
    {
        return args;
    }

    public boolean json()
    {
        return json;
    }

    public CtlReply reply()
    {
        return reply;
    }

    /** The switch named by {@code --switch}, or null when none was named. */
    public String switchName()
    {
        return switchName;
    }

    /** Switches the call is about: the one named by {@code --switch}, else all. */
    public List<SwitchInstance> switches() throws CtlException
    {
        if (switchName != null)
        {
            return List.of(target());
        }
        return dispatcher.switches().all();
    }

    /** The one switch a change applies to: the one named by {@code --switch}, or the only one. */
    public SwitchInstance target() throws CtlException
    {
        final Switches registry = dispatcher.switches();
        final List<SwitchInstance> all = registry.all();
        if (switchName != null)
        {
            final SwitchInstance instance = registry.named(switchName);
            if (instance == null)
            {
                throw new CtlException("no switch named '" + switchName + "' (switches: " + names(all) + ")");
            }
            return instance;
        }
        if (all.size() == 1)
        {
            return all.get(0);
        }
        if (all.isEmpty())
        {
            throw new CtlException("the daemon runs no switch");
        }
        throw new CtlException("the daemon runs several switches (" + names(all) + "): name one with --switch NAME");
    }

    private static String names(final List<SwitchInstance> all)
    {
        final List<String> names = new ArrayList<>();
        for (final SwitchInstance instance : all)
        {
            names.add(instance.name());
        }
        return String.join(", ", names);
    }

    /** Exactly {@code count} positional words, else a usage error. */
    public List<String> expect(final int count) throws CtlException
    {
        return expect(count, count);
    }

    /** Between {@code min} and {@code max} positional words, else a usage error; refuses unknown options. */
    public List<String> expect(final int min, final int max) throws CtlException
    {
        for (final String arg : args)
        {
            if (arg.startsWith("--"))
            {
                throw usage("unknown option " + arg);
            }
        }
        if (args.size() < min || args.size() > max)
        {
            throw usage(args.size() < min ? "missing argument" : "too many arguments");
        }
        return args;
    }

    public CtlException usage(final String problem)
    {
        return new CtlException(problem + "; usage: " + command.name()
            + (command.usage().isEmpty() ? "" : " " + command.usage()));
    }

    /** Sends a successful answer (and ends the call unless the command streams more). */
    public void ok(final String body) throws IOException
    {
        reply.ok(body);
    }
}
