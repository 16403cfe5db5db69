package net.vswitch.ports.shm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import net.vswitch.fabric.Ring;

import static net.vswitch.ports.shm.ShmPortDescriptor.*;

/**
 * One mapped shared-memory port file, laid out as {@link ShmPortDescriptor} says: the switch
 * {@link #create creates} it, a client {@link #attach attaches} to it. Attaching validates magic,
 * version and shape and names what is wrong.
 */
public final class ShmRegion implements AutoCloseable
{
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Path path;
    private final Arena arena;
    private final MemorySegment memory;
    private final Ring toSwitch;
    private final Ring fromSwitch;
    private final String portName;

    private ShmRegion(final Path path, final Arena arena, final MemorySegment memory, final Ring toSwitch,
        final Ring fromSwitch, final String portName)
    {
        this.path = path;
        this.arena = arena;
        this.memory = memory;
        this.toSwitch = toSwitch;
        this.fromSwitch = fromSwitch;
        this.portName = portName;
    }

    /**
     * Creates the region file for a port. An existing file is replaced only when it is a region
     * whose switch process is gone or closed it; anything else is refused by name.
     */
    public static ShmRegion create(final Path path, final String portName, final ShmPortConfig config)
    {
        replaceStale(path);
        final int slots = config.slots();
        final int bufferSize = config.bufferSize();
        final long length = fileLength(slots, bufferSize);
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE))
        {
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, length, arena);
            final long fromOffset = fromSwitchOffset(slots, bufferSize);
            final long ringLength = net.vswitch.fabric.RingDescriptor.ringLength(slots, bufferSize);
            final Ring toSwitch = Ring.format(memory.asSlice(toSwitchOffset(), ringLength), slots, bufferSize);
            final Ring fromSwitch = Ring.format(memory.asSlice(fromOffset, ringLength), slots, bufferSize);
            memory.set(ValueLayout.JAVA_INT, VERSION_OFFSET, VERSION);
            memory.set(ValueLayout.JAVA_INT, HEADER_LENGTH_OFFSET, HEADER_LENGTH);
            memory.set(ValueLayout.JAVA_LONG, FILE_LENGTH_OFFSET, length);
            memory.set(ValueLayout.JAVA_LONG, TO_SWITCH_OFFSET_OFFSET, toSwitchOffset());
            memory.set(ValueLayout.JAVA_LONG, TO_SWITCH_LENGTH_OFFSET, ringLength);
            memory.set(ValueLayout.JAVA_LONG, FROM_SWITCH_OFFSET_OFFSET, fromOffset);
            memory.set(ValueLayout.JAVA_LONG, FROM_SWITCH_LENGTH_OFFSET, ringLength);
            memory.set(ValueLayout.JAVA_LONG, SWITCH_PID_OFFSET, ProcessHandle.current().pid());
            memory.set(ValueLayout.JAVA_LONG, CLIENT_PID_OFFSET, 0L);
            memory.set(ValueLayout.JAVA_INT, STATE_OFFSET, STATE_READY);
            final byte[] name = portName.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(name, 0, memory, ValueLayout.JAVA_BYTE, NAME_OFFSET, Math.min(name.length, NAME_LENGTH - 1));
            VarHandle.releaseFence();
            INT.setRelease(memory, (long)MAGIC_OFFSET, MAGIC);
            return new ShmRegion(path, arena, memory, toSwitch, fromSwitch, portName);
        }
        catch (final IOException ex)
        {
            arena.close();
            throw new UncheckedIOException("cannot create shm file " + path + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    private static void replaceStale(final Path path)
    {
        if (!Files.exists(path))
        {
            return;
        }
        final ByteBuffer header = ByteBuffer.allocate(NAME_OFFSET).order(ByteOrder.LITTLE_ENDIAN);
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
        if (header.position() < NAME_OFFSET || header.getInt(MAGIC_OFFSET) != MAGIC)
        {
            throw new IllegalArgumentException("shm file " + path + " exists and is not a vswitch shared-memory port;"
                + " remove it or choose another path");
        }
        final long owner = header.getLong(SWITCH_PID_OFFSET);
        if (header.getInt(STATE_OFFSET) != STATE_CLOSED && owner != ProcessHandle.current().pid()
            && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false))
        {
            throw new IllegalArgumentException("shm file " + path + " is in use by the switch process " + owner);
        }
        try
        {
            // a new file (inode), so a client still mapping the stale one never sees the new rings
            Files.delete(path);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot replace stale shm file " + path + ": " + ex, ex);
        }
    }

    /** Maps an existing region and validates it; errors name the file and the problem. */
    public static ShmRegion attach(final Path path)
    {
        final Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long size = channel.size();
            if (size < HEADER_LENGTH)
            {
                throw new IllegalArgumentException("shm file " + path + " is too small (" + size
                    + " bytes) to be a vswitch shared-memory port");
            }
            final MemorySegment memory = channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
            final int magic = (int)INT.getAcquire(memory, (long)MAGIC_OFFSET);
            if (magic != MAGIC)
            {
                throw new IllegalArgumentException(String.format("shm file %s has bad magic 0x%08x (expected 0x%08x"
                    + " 'VSPM'): not a vswitch shared-memory port", path, magic, MAGIC));
            }
            final int version = memory.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
            if (version != VERSION)
            {
                throw new IllegalArgumentException("shm file " + path + " has layout version " + version
                    + "; this library supports version " + VERSION);
            }
            final long length = memory.get(ValueLayout.JAVA_LONG, FILE_LENGTH_OFFSET);
            if (length != size)
            {
                throw new IllegalArgumentException("shm file " + path + " is " + size + " bytes but its header says "
                    + length);
            }
            final Ring toSwitch = ring(path, memory, "to-switch", TO_SWITCH_OFFSET_OFFSET, TO_SWITCH_LENGTH_OFFSET);
            final Ring fromSwitch = ring(path, memory, "from-switch", FROM_SWITCH_OFFSET_OFFSET,
                FROM_SWITCH_LENGTH_OFFSET);
            final byte[] raw = memory.asSlice(NAME_OFFSET, NAME_LENGTH).toArray(ValueLayout.JAVA_BYTE);
            int end = 0;
            while (end < raw.length && raw[end] != 0)
            {
                end++;
            }
            return new ShmRegion(path, arena, memory, toSwitch, fromSwitch,
                new String(raw, 0, end, StandardCharsets.UTF_8));
        }
        catch (final NoSuchFileException ex)
        {
            arena.close();
            throw new UncheckedIOException("shm file " + path + " does not exist (is a switch running with port shm:"
                + path + "?)", ex);
        }
        catch (final IOException ex)
        {
            arena.close();
            throw new UncheckedIOException("cannot map shm file " + path + ": " + ex, ex);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    private static Ring ring(final Path path, final MemorySegment memory, final String which, final int offsetField,
        final int lengthField)
    {
        final long offset = memory.get(ValueLayout.JAVA_LONG, offsetField);
        final long length = memory.get(ValueLayout.JAVA_LONG, lengthField);
        if (offset < HEADER_LENGTH || length <= 0 || offset % PAGE != 0 || offset + length > memory.byteSize())
        {
            throw new IllegalArgumentException("shm file " + path + " has a bad " + which + " ring: offset " + offset
                + ", length " + length + ", file " + memory.byteSize() + " bytes");
        }
        try
        {
            return Ring.attach(memory.asSlice(offset, length));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("shm file " + path + ", " + which + " ring: " + ex.getMessage(), ex);
        }
    }

    public Path path()
    {
        return path;
    }

    /** The port name the switch wrote into the header. */
    public String portName()
    {
        return portName;
    }

    /** The ring the client fills and the switch drains. */
    public Ring toSwitch()
    {
        return toSwitch;
    }

    /** The ring the switch fills and the client drains. */
    public Ring fromSwitch()
    {
        return fromSwitch;
    }

    public long switchPid()
    {
        return memory.get(ValueLayout.JAVA_LONG, SWITCH_PID_OFFSET);
    }

    public long clientPid()
    {
        return (long)LONG.getVolatile(memory, (long)CLIENT_PID_OFFSET);
    }

    /** Claims the client role for {@code pid}; a claim by a process that is gone is taken over. */
    public boolean claimClient(final long pid)
    {
        while (true)
        {
            final long current = clientPid();
            if (current != 0 && current != pid && ProcessHandle.of(current).map(ProcessHandle::isAlive).orElse(false))
            {
                return false;
            }
            if (LONG.compareAndSet(memory, (long)CLIENT_PID_OFFSET, current, pid))
            {
                return true;
            }
        }
    }

    public void releaseClient(final long pid)
    {
        LONG.compareAndSet(memory, (long)CLIENT_PID_OFFSET, pid, 0L);
    }

    public int state()
    {
        return (int)INT.getVolatile(memory, (long)STATE_OFFSET);
    }

    public void state(final int state)
    {
        INT.setVolatile(memory, (long)STATE_OFFSET, state);
    }

    /** Unmaps the file (the file itself stays). */
    @Override
    public void close()
    {
        arena.close();
    }
}
