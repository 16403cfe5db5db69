package net.vswitch.vswitchd.ctl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The answer side of the ctl protocol: a status line ({@code ok} or {@code error}), then the body
 * until the daemon closes the connection. Streaming commands ({@code stats --watch}) call
 * {@link #more} after {@link #ok}; a failed write means the client went away.
 */
public final class CtlReply
{
    public static final String OK = "ok";
    public static final String ERROR = "error";

    private final OutputStream out;
    private boolean started;

    CtlReply(final OutputStream out)
    {
        this.out = out;
    }

    public void ok(final String body) throws IOException
    {
        if (started)
        {
            more(body);
            return;
        }
        started = true;
        write(OK + "\n" + body);
    }

    public void more(final String body) throws IOException
    {
        write(body);
    }

    void error(final String message) throws IOException
    {
        if (started)
        {
            write("error: " + message + "\n");
            return;
        }
        started = true;
        write(ERROR + "\n" + message + "\n");
    }

    boolean started()
    {
        return started;
    }

    private void write(final String text) throws IOException
    {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
