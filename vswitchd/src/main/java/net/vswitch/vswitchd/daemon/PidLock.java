package net.vswitch.vswitchd.daemon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pid/lock file next to the control socket ({@code CTL.pid}): whoever holds its exclusive lock
 * owns the socket, so a second daemon on the same path is refused, and a socket left behind by a
 * daemon that died can be safely removed by the next one. The lock dies with the process.
 */
public final class PidLock implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private PidLock(final Path path, final FileChannel channel, final FileLock lock)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param ctl the control socket the lock protects (named in the error)
     * @throws DaemonException when another daemon holds the lock, naming its pid
     */
    public static PidLock acquire(final Path path, final Path ctl) throws DaemonException
    {
        FileChannel channel = null;
        try
        {
            final Path parent = path.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null; // another daemon in this very JVM (tests) holds it
            }
            if (lock == null)
            {
                final String pid = readPid(channel);
                channel.close();
                throw new DaemonException("another vswitch daemon" + (pid.isEmpty() ? "" : " (pid " + pid + ")")
                    + " owns the control socket " + ctl + " (lock file " + path + "); stop it first or give this"
                    + " one another --ctl PATH");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)),
                0);
            channel.force(false);
            return new PidLock(path, channel, lock);
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            throw new DaemonException("cannot create the pid/lock file " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static String readPid(final FileChannel channel) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }

    public Path path()
    {
        return path;
    }

    /** Removes the file, then releases the lock. */
    @Override
    public void close()
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ignored)
        {
            // the lock still goes away with the channel
        }
        try
        {
            lock.release();
        }
        catch (final IOException ignored)
        {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignored)
            {
                // nothing left to release
            }
        }
    }
}
