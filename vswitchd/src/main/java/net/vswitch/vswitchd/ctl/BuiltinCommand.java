package net.vswitch.vswitchd.ctl;

import java.io.IOException;

/** A command defined by a name, its usage, a summary and a handler. */
record BuiltinCommand(String name, String usage, String summary, Handler handler) implements CtlCommand
{
    @FunctionalInterface
    interface Handler
    {
        void run(CtlCall call) throws CtlException, IOException;
    }

    @Override
    public void run(final CtlCall call) throws CtlException
    {
        try
        {
            handler.run(call);
        }
        catch (final IOException ex)
        {
            // the client went away mid-answer; nothing left to tell it
        }
    }
}
