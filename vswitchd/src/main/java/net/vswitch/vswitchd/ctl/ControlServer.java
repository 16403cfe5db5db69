package net.vswitch.vswitchd.ctl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import net.vswitch.vswitchd.daemon.DaemonException;
import net.vswitch.vswitchd.util.Json;
import net.vswitch.vswitchd.util.Log;

/**
 * Listens on the control Unix socket (JDK {@link UnixDomainSocketAddress}, no native code). Protocol,
 * one request per connection: the client sends a JSON array of words and a newline, e.g.
 * {@code ["add-port","virtual:vm1"]}; the daemon answers {@code ok} or {@code error} on the first
 * line, then the body, and closes. Each connection is served on its own virtual thread.
 */
public final class ControlServer implements AutoCloseable
{
    /** Longest request line accepted. */
    public static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final Path path;
    private final ServerSocketChannel server;
    private final CtlDispatcher dispatcher;
    private final Log log;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(final Path path, final ServerSocketChannel server, final CtlDispatcher dispatcher,
        final Log log)
    {
        this.path = path;
        this.server = server;
        this.dispatcher = dispatcher;
        this.log = log;
        this.acceptor = Thread.ofPlatform().name("vswitch-ctl").daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Binds the socket; the caller holds the pid lock, so a file already at {@code path} is a socket
     * left by a daemon that died and is removed.
     */
    public static ControlServer start(final Path path, final CtlDispatcher dispatcher, final Log log)
        throws DaemonException
    {
        try
        {
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
            {
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(path))
                {
                    throw new DaemonException("ctl path " + path + " exists and is not a socket; remove it or give"
                        + " another --ctl PATH");
                }
                Files.delete(path);
                log.info("stale_socket_removed", "ctl", path);
            }
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            final ControlServer control = new ControlServer(path, server, dispatcher, log);
            control.acceptor.start();
            return control;
        }
        catch (final IOException ex)
        {
            throw new DaemonException("cannot listen on ctl socket " + path + ": " + ex.getMessage(), ex);
        }
    }

    public Path path()
    {
        return path;
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            try
            {
                final SocketChannel client = server.accept();
                clients.add(client);
                Thread.ofVirtual().name("vswitch-ctl-client").start(() -> serve(client));
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    log.warn("ctl_accept_failed", "error", ex.getMessage());
                }
            }
        }
    }

    private void serve(final SocketChannel client)
    {
        try (client)
        {
            final CtlReply reply = new CtlReply(Channels.newOutputStream(client));
            final List<String> words;
            try
            {
                words = parseRequest(readLine(Channels.newInputStream(client)));
            }
            catch (final IllegalArgumentException ex)
            {
                reply.error("bad request: " + ex.getMessage());
                return;
            }
            dispatcher.dispatch(words, reply);
        }
        catch (final IOException ex)
        {
            log.debug("ctl_client_gone", "error", ex.getMessage());
        }
        finally
        {
            clients.remove(client);
        }
    }

    private static String readLine(final InputStream in) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n')
        {
            if (line.size() >= MAX_REQUEST_BYTES)
            {
                throw new IllegalArgumentException("request longer than " + MAX_REQUEST_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** A request is a JSON array of strings with at least the command word. */
    static List<String> parseRequest(final String line)
    {
        final Object parsed = Json.parse(line);
        if (!(parsed instanceof List<?> list) || list.isEmpty())
        {
            throw new IllegalArgumentException("expected a JSON array of words, e.g. [\"show\"]");
        }
        final List<String> words = new ArrayList<>();
        for (final Object item : list)
        {
            if (!(item instanceof String word))
            {
                throw new IllegalArgumentException("every word must be a JSON string");
            }
            words.add(word);
        }
        return words;
    }

    /** Stops accepting, ends open connections (e.g. {@code stats --watch}) and removes the socket. */
    @Override
    public void close()
    {
        closed = true;
        try
        {
            server.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
        for (final SocketChannel client : clients)
        {
            try
            {
                client.close();
            }
            catch (final IOException ignored)
            {
                // the client thread ends on its own
            }
        }
        try
        {
            acceptor.join(2000);
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            log.warn("ctl_socket_not_removed", "ctl", path, "error", ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
