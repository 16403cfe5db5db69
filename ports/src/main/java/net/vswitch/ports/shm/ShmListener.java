package net.vswitch.ports.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import net.vswitch.natives.libc.Poll;
import net.vswitch.natives.libc.SysEventfd;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.SysUnixSocket;
import net.vswitch.natives.libc.Unistd;

/**
 * A shared-memory port's Unix socket and the thread ({@code shm-listen-<port>}) that serves it: accepts
 * a connection, reads the client's hello ({@link ShmHandshake}), and either passes the port's memfd or
 * refuses by name (another client holds the port, a layout version the switch does not speak, not a
 * hello, the port is quarantined). The accepted connection is the client's claim until either side
 * closes it. Everything a client sends is untrusted: a hello must arrive within
 * {@link #HELLO_TIMEOUT_MILLIS}, descriptors a client attaches are closed, and any message after the
 * hello counts as a protocol error. The thread catches everything per connection, so nothing a
 * client does stops it; it ends only when the port closes.
 */
final class ShmListener implements AutoCloseable
{
    static final int HELLO_TIMEOUT_MILLIS = 2000;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFREG = 0100000;
    private static final int LISTEN = 0;
    private static final int WAKE = 1;
    private static final int SESSION = 2;

    private final ShmPort port;
    private final Path path;
    private final int listenFd;
    private final int wakeFd;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean kick;
    private volatile String refusal;
    private volatile long clientPid;
    private int sessionFd = -1;

    private ShmListener(final ShmPort port, final Path path, final int listenFd, final int wakeFd)
    {
        this.port = port;
        this.path = path;
        this.listenFd = listenFd;
        this.wakeFd = wakeFd;
        this.thread = Thread.ofPlatform().name("shm-listen-" + port.name()).daemon(true).unstarted(this::run);
    }

    /** Binds the port's socket at {@code path} (replacing a stale one) and starts serving it. */
    static ShmListener start(final ShmPort port, final Path path)
    {
        replaceStale(path);
        final int fd = SysSocket.socket(SysUnixSocket.AF_UNIX, SysUnixSocket.SOCK_SEQPACKET | SysSocket.SOCK_CLOEXEC
            | SysSocket.SOCK_NONBLOCK, 0);
        int wake = -1;
        try
        {
            SysUnixSocket.bind(fd, path.toString());
            SysUnixSocket.listen(fd, 8);
            wake = SysEventfd.eventfd(0, SysEventfd.EFD_CLOEXEC | SysEventfd.EFD_NONBLOCK);
        }
        catch (final RuntimeException ex)
        {
            Unistd.closeOrErrno(fd);
            if (wake >= 0)
            {
                Unistd.closeOrErrno(wake);
            }
            throw new IllegalArgumentException("shm port " + port.name() + ": cannot listen at " + path + ": "
                + ex.getMessage(), ex);
        }
        final ShmListener listener = new ShmListener(port, path, fd, wake);
        listener.thread.start();
        return listener;
    }

    /**
     * An existing path is replaced only when it is a socket nobody listens on, or a layout version 1
     * region file whose switch process is gone or closed it; anything else is refused by name.
     */
    private static void replaceStale(final Path path)
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final int mode;
        try
        {
            mode = (int)Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("shm path " + path + " exists and cannot be read: " + ex, ex);
        }
        if (mode == S_IFSOCK)
        {
            if (listening(path))
            {
                throw new IllegalArgumentException("shm path " + path + " is in use: a switch serves a port there");
            }
        }
        else if (mode != S_IFREG || !staleVersion1(path))
        {
            throw new IllegalArgumentException("shm file " + path + " exists and is not a vswitch shared-memory port;"
                + " remove it or choose another path");
        }
        try
        {
            Files.delete(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot replace stale shm path " + path + ": " + ex, ex);
        }
    }

    private static boolean listening(final Path path)
    {
        final int probe = SysSocket.socket(SysUnixSocket.AF_UNIX, SysUnixSocket.SOCK_SEQPACKET | SysSocket.SOCK_CLOEXEC,
            0);
        try
        {
            return SysUnixSocket.connectOrErrno(probe, path.toString()) != -SysUnixSocket.ECONNREFUSED;
        }
        finally
        {
            Unistd.closeOrErrno(probe);
        }
    }

    /** A version 1 region file (the switch created a file, not a socket): ours to replace once its switch is gone. */
    private static boolean staleVersion1(final Path path)
    {
        final ByteBuffer header = ByteBuffer.allocate(ShmPortDescriptor.NAME_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                // a short read is not the end of the file
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("shm file " + path + " exists and cannot be read: " + ex, ex);
        }
        if (header.position() < ShmPortDescriptor.NAME_OFFSET || header.getInt(0) != ShmPortDescriptor.MAGIC)
        {
            return false;
        }
        final long owner = header.getLong(ShmPortDescriptor.SWITCH_PID_OFFSET);
        if (header.getInt(ShmPortDescriptor.STATE_OFFSET) != ShmPortDescriptor.STATE_CLOSED
            && owner != ProcessHandle.current().pid()
            && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false))
        {
            throw new IllegalArgumentException("shm file " + path + " is in use by the switch process " + owner);
        }
        return true;
    }

    /** The pid of the connected client ({@code SO_PEERCRED}), or 0. */
    long clientPid()
    {
        return clientPid;
    }

    /** Drops the current client and refuses new ones with {@code reason} (the port is quarantined). */
    void refuseAll(final String reason)
    {
        refusal = reason;
        kick = true;
        wake();
    }

    private void wake()
    {
        try (Arena arena = Arena.ofConfined())
        {
            Unistd.writeOrErrno(wakeFd, arena.allocateFrom(ValueLayout.JAVA_LONG, 1L), 8);
        }
    }

    private void run()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment fds = arena.allocate(Poll.POLLFD_SIZE * 3, 8);
            final MemorySegment scratch = arena.allocate(8);
            Poll.pollfd(fds, LISTEN, listenFd, Poll.POLLIN);
            Poll.pollfd(fds, WAKE, wakeFd, Poll.POLLIN);
            while (!stopping)
            {
                try
                {
                    serve(fds, scratch);
                }
                catch (final RuntimeException | Error ex)
                {
                    // whatever a client did to its connection, the listener goes on (and keeps the current
                    // client: a failed handshake of another connection must not end it)
                    port.listenerError(ex);
                }
            }
        }
        finally
        {
            endSession();
            Unistd.closeOrErrno(listenFd);
            Unistd.closeOrErrno(wakeFd);
        }
    }

    private void serve(final MemorySegment fds, final MemorySegment scratch)
    {
        Poll.pollfd(fds, SESSION, sessionFd, Poll.POLLIN);
        final int ready = Poll.pollOrErrno(fds, sessionFd >= 0 ? 3 : 2, -1);
        if (ready <= 0 || stopping)
        {
            return;
        }
        if (Poll.revents(fds, WAKE) != 0)
        {
            Unistd.readOrErrno(wakeFd, scratch, 8);
            if (kick)
            {
                kick = false;
                endSession();
            }
            return;
        }
        if (sessionFd >= 0 && Poll.revents(fds, SESSION) != 0)
        {
            sessionTraffic();
        }
        if ((Poll.revents(fds, LISTEN) & Poll.POLLIN) != 0)
        {
            final int connection = SysUnixSocket.acceptOrErrno(listenFd, SysSocket.SOCK_CLOEXEC);
            if (connection >= 0)
            {
                handshake(connection);
            }
        }
    }

    /** The client closed its end (it is gone), or sent something it must not. */
    private void sessionTraffic()
    {
        final byte[] junk = new byte[64];
        final SysUnixSocket.Received got = SysUnixSocket.receive(sessionFd, junk, SysUnixSocket.MSG_DONTWAIT);
        if (got.fd() >= 0)
        {
            Unistd.closeOrErrno(got.fd());
        }
        if (got.length() > 0 || got.fd() >= 0)
        {
            port.protocolError();
        }
        else if (got.length() != -net.vswitch.natives.libc.ErrnoH.EAGAIN)
        {
            endSession();
        }
    }

    private void handshake(final int connection)
    {
        boolean keep = false;
        try
        {
            final String refused = admit(connection);
            if (refused != null)
            {
                SysUnixSocket.sendOrErrno(connection, ShmHandshake.refused(refused), -1);
                return;
            }
            // the claim is in place before the client learns it was accepted
            final long pid = SysUnixSocket.peerPid(connection);
            clientPid = pid;
            port.clientJoined(pid);
            if (SysUnixSocket.sendOrErrno(connection, ShmHandshake.accepted(port.regionLength()), port.regionFd()) < 0)
            {
                clientPid = 0;
                port.clientLeft();
                return;
            }
            sessionFd = connection;
            keep = true;
        }
        finally
        {
            if (!keep)
            {
                Unistd.closeOrErrno(connection);
            }
        }
    }

    /** Reads the hello; returns why the client is refused, or null. */
    private String admit(final int connection)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HELLO_TIMEOUT_MILLIS);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment fd = arena.allocate(Poll.POLLFD_SIZE, 8);
            Poll.pollfd(fd, 0, connection, Poll.POLLIN);
            long left;
            while ((left = deadline - System.nanoTime()) > 0
                && Poll.pollOrErrno(fd, 1, (int)Math.max(1, TimeUnit.NANOSECONDS.toMillis(left))) == 0)
            {
                // waiting for the hello, bounded
            }
        }
        final byte[] message = new byte[ShmHandshake.HELLO_LENGTH + 1];
        final SysUnixSocket.Received got = SysUnixSocket.receive(connection, message, SysUnixSocket.MSG_DONTWAIT);
        if (got.fd() >= 0)
        {
            Unistd.closeOrErrno(got.fd());
        }
        final int version = got.truncated() ? -1 : ShmHandshake.helloVersion(message, got.length());
        final String name = port.name();
        if (version < 0)
        {
            port.protocolError();
            return "shm port " + name + ": expected a client hello of " + ShmHandshake.HELLO_LENGTH + " bytes ('VSPC',"
                + " version)";
        }
        if (version != ShmPortDescriptor.VERSION)
        {
            return "shm port " + name + " speaks layout version " + ShmPortDescriptor.VERSION
                + "; the client speaks version " + version;
        }
        final String reason = refusal;
        if (reason != null)
        {
            return reason;
        }
        if (sessionFd >= 0)
        {
            return "shm port " + name + " already has a client, pid " + clientPid;
        }
        return null;
    }

    private void endSession()
    {
        if (sessionFd >= 0)
        {
            Unistd.closeOrErrno(sessionFd);
            sessionFd = -1;
            clientPid = 0;
            port.clientLeft();
        }
    }

    /** Stops the thread (it closes the client's connection and the socket) and removes the socket file. */
    @Override
    public void close()
    {
        stopping = true;
        wake();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            System.err.println("vswitch: shm port " + port.name() + ": cannot delete " + path + ": " + ex);
        }
    }
}
