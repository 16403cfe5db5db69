package net.vswitch.vswitchd.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import net.vswitch.vswitchd.util.Json;

/** The client side of the ctl protocol (see {@link ControlServer}). */
public final class CtlClient
{
    /** Exit status: the daemon answered ok. */
    public static final int EXIT_OK = 0;
    /** Exit status: the daemon answered with an error. */
    public static final int EXIT_ERROR = 1;
    /** Exit status: no daemon could be reached. */
    public static final int EXIT_UNREACHABLE = 2;
    private static final int CONNECT_ATTEMPTS = 10;
    private static final long CONNECT_RETRY_MS = 50;

    /** A whole answer. */
    public record Answer(boolean ok, String body)
    {
    }

    private CtlClient()
    {
    }

    /** Sends {@code words} and collects the whole answer (for tests and scripts in Java). */
    public static Answer call(final Path ctl, final List<String> words) throws IOException
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final boolean ok = exchange(ctl, words, body);
        return new Answer(ok, body.toString(StandardCharsets.UTF_8));
    }

    public static Answer call(final Path ctl, final String... words) throws IOException
    {
        return call(ctl, List.of(words));
    }

    /**
     * Sends {@code words}, streams the body to {@code out} (ok) or {@code err} (error) as it arrives.
     *
     * @return {@link #EXIT_OK}, {@link #EXIT_ERROR} or {@link #EXIT_UNREACHABLE}
     */
    public static int run(final Path ctl, final List<String> words, final PrintStream out, final PrintStream err)
    {
        try (SocketChannel channel = connect(ctl))
        {
            send(channel, words);
            final InputStream in = Channels.newInputStream(channel);
            final boolean ok = readStatus(in);
            final PrintStream target = ok ? out : err;
            if (!ok)
            {
                target.print("vswitch ctl: ");
            }
            in.transferTo(target);
            target.flush();
            return ok ? EXIT_OK : EXIT_ERROR;
        }
        catch (final IOException ex)
        {
            err.println("vswitch ctl: " + unreachable(ctl, ex));
            return EXIT_UNREACHABLE;
        }
    }

    private static boolean exchange(final Path ctl, final List<String> words, final OutputStream body)
        throws IOException
    {
        try (SocketChannel channel = connect(ctl))
        {
            send(channel, words);
            final InputStream in = Channels.newInputStream(channel);
            final boolean ok = readStatus(in);
            in.transferTo(body);
            return ok;
        }
    }

    /**
     * Connects, retrying a refused connection for a moment: the socket file appears at bind(2), an
     * instant before the daemon listens, so a script that starts the daemon and waits for the file
     * may knock too early. A socket left by a dead daemon is still reported after the retries.
     */
    private static SocketChannel connect(final Path ctl) throws IOException
    {
        for (int attempt = 1; ; attempt++)
        {
            final SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try
            {
                channel.connect(UnixDomainSocketAddress.of(ctl));
                return channel;
            }
            catch (final SocketException ex)
            {
                channel.close();
                if (attempt >= CONNECT_ATTEMPTS || !String.valueOf(ex.getMessage()).contains("refused"))
                {
                    throw ex;
                }
            }
            catch (final IOException ex)
            {
                channel.close();
                throw ex;
            }
            try
            {
                Thread.sleep(CONNECT_RETRY_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to " + ctl, ex);
            }
        }
    }

    private static void send(final SocketChannel channel, final List<String> words) throws IOException
    {
        final OutputStream out = Channels.newOutputStream(channel);
        out.write((Json.write(words) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static boolean readStatus(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n')
        {
            line.write(b);
        }
        final String status = line.toString(StandardCharsets.UTF_8);
        if (status.equals(CtlReply.OK))
        {
            return true;
        }
        if (status.equals(CtlReply.ERROR))
        {
            return false;
        }
        throw new IOException(b == -1 && status.isEmpty() ? "the daemon closed the connection without answering"
            : "unexpected answer '" + status + "' (is this a vswitch ctl socket?)");
    }

    /** Explains why the daemon could not be reached and what to do. */
    static String unreachable(final Path ctl, final IOException ex)
    {
        if (!Files.exists(ctl))
        {
            return "no vswitch daemon at " + ctl + " (no such socket): start one with 'vswitch run', or point at it"
                + " with --ctl PATH";
        }
        if (ex instanceof SocketException && String.valueOf(ex.getMessage()).contains("refused"))
        {
            return "no vswitch daemon listens on " + ctl + " (connection refused; the socket is left from a daemon"
                + " that died)";
        }
        return "cannot talk to the vswitch daemon at " + ctl + ": " + ex.getMessage();
    }
}
