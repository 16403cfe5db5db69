package net.vswitch.vswitchd.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.vswitchd.util.Json;
import net.vswitch.vswitchd.util.Log;

/**
 * Where the daemon keeps what users changed at runtime ({@code --state FILE}), or nowhere
 * ({@code --no-state}). Every change is saved whole with {@link StateFile#write} before {@code ok} is
 * answered; callers serialize changes on {@link #changes()} so the file always follows the order in which
 * changes were acknowledged.
 */
public final class StateStore
{
    private final Path file;
    private final Object changes = new Object();
    private final AtomicLong writes = new AtomicLong();
    private boolean closed;

    private StateStore(final Path file)
    {
        this.file = file;
    }

    /** A store at {@code file}, or one that keeps nothing when {@code file} is {@code null}. */
    public static StateStore at(final Path file)
    {
        return new StateStore(file);
    }

    /** The state file, or {@code null} when the daemon runs without one. */
    public Path file()
    {
        return file;
    }

    /** The lock every mutating ctl command holds from its change to its answer. */
    public Object changes()
    {
        return changes;
    }

    /**
     * Refuses every later {@link #save}: called as the daemon shuts down, before its switches are closed,
     * so a change racing the shutdown cannot save a daemon without switches over the real state.
     */
    public void close()
    {
        synchronized (changes)
        {
            closed = true;
        }
    }

    /** Files written since start. */
    public long writes()
    {
        return writes.get();
    }

    /**
     * Reads the state; with {@code discard}, moves an existing file aside instead and starts empty.
     *
     * @throws StateFileException naming the file, the offset and {@code --discard-state}
     */
    public DaemonState load(final boolean discard, final Log log) throws StateFileException
    {
        if (file == null)
        {
            return DaemonState.empty();
        }
        if (discard && Files.exists(file))
        {
            final Path aside = file.resolveSibling(file.getFileName() + ".discarded-" + System.currentTimeMillis());
            try
            {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final IOException ex)
            {
                throw new StateFileException(file, 0, "--discard-state cannot move it to " + aside + ": " + ex, ex);
            }
            log.warn("state_discarded", "file", file, "moved_to", aside);
            return DaemonState.empty();
        }
        final Object tree = StateFile.read(file);
        if (tree == null)
        {
            return DaemonState.empty();
        }
        try
        {
            return DaemonState.fromTree(tree);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new StateFileException(file, StateFile.bodyOffset(file), ex.getMessage(), ex);
        }
    }

    /**
     * Makes {@code state} durable (no-op without a file).
     *
     * @throws StateWriteException naming the file and why; the previous file is intact
     */
    public void save(final DaemonState state) throws StateWriteException
    {
        synchronized (changes)
        {
            if (closed)
            {
                throw new StateWriteException("the daemon is shutting down; the change is refused", null);
            }
        }
        if (file == null)
        {
            return;
        }
        final String body;
        try
        {
            body = Json.write(state.toTree()) + "\n";
        }
        catch (final IllegalArgumentException ex)
        {
            throw new StateWriteException("cannot make the change durable: " + ex.getMessage(), ex);
        }
        StateFile.write(file, body);
        writes.incrementAndGet();
    }
}
