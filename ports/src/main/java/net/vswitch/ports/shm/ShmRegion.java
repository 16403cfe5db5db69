package net.vswitch.ports.shm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import net.vswitch.fabric.Ring;
import net.vswitch.fabric.RingDescriptor;
import net.vswitch.natives.libc.SysMemfd;

import static net.vswitch.ports.shm.ShmPortDescriptor.*;

/**
 * One mapped shared-memory port region, laid out as {@link ShmPortDescriptor} says: the switch
 * {@link #create creates} it in a sealed memfd, a client {@link #open opens} the memfd it received.
 * Opening validates magic, version and shape and names what is wrong.
 */
public final class ShmRegion implements AutoCloseable
{
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final String where;
    private final ShmMemory mapping;
    private final MemorySegment memory;
    private final Ring toSwitch;
    private final Ring fromSwitch;
    private final String portName;

    private ShmRegion(final String where, final ShmMemory mapping, final Ring toSwitch, final Ring fromSwitch,
        final String portName)
    {
        this.where = where;
        this.mapping = mapping;
        this.memory = mapping.segment();
        this.toSwitch = toSwitch;
        this.fromSwitch = fromSwitch;
        this.portName = portName;
    }

    /** Creates the sealed memfd of a port and formats it. */
    static ShmRegion create(final String portName, final ShmPortConfig config)
    {
        final ShmMemory mapping = ShmMemory.sealed(portName, fileLength(config.slots(), config.bufferSize()));
        try
        {
            return format(portName, mapping, config);
        }
        catch (final RuntimeException ex)
        {
            mapping.close();
            throw ex;
        }
    }

    /** Formats {@code mapping} (at least {@link ShmPortDescriptor#fileLength} bytes) as a port region. */
    static ShmRegion format(final String portName, final ShmMemory mapping, final ShmPortConfig config)
    {
        final int slots = config.slots();
        final int bufferSize = config.bufferSize();
        final long length = fileLength(slots, bufferSize);
        final MemorySegment memory = mapping.segment();
        final long fromOffset = fromSwitchOffset(slots, bufferSize);
        final long ringLength = RingDescriptor.ringLength(slots, bufferSize);
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
        return new ShmRegion("memfd:vswitch-shm:" + portName, mapping, toSwitch, fromSwitch, portName);
    }

    /**
     * Validates a region a client mapped; errors start with {@code where} (the port's path) and name the
     * problem. Closes {@code mapping} when it is refused.
     */
    static ShmRegion open(final String where, final ShmMemory mapping)
    {
        try
        {
            final MemorySegment memory = mapping.segment();
            final long size = memory.byteSize();
            if (size < HEADER_LENGTH)
            {
                throw new IllegalArgumentException("shm port " + where + ": region too small (" + size + " bytes)");
            }
            final int magic = (int)INT.getAcquire(memory, (long)MAGIC_OFFSET);
            if (magic != MAGIC)
            {
                throw new IllegalArgumentException(String.format("shm port %s: region has bad magic 0x%08x (expected"
                    + " 0x%08x 'VSPM')", where, magic, MAGIC));
            }
            final int version = memory.get(ValueLayout.JAVA_INT, VERSION_OFFSET);
            if (version != VERSION)
            {
                throw new IllegalArgumentException("shm port " + where + ": region has layout version " + version
                    + "; this library supports version " + VERSION);
            }
            final long length = memory.get(ValueLayout.JAVA_LONG, FILE_LENGTH_OFFSET);
            if (length != size)
            {
                throw new IllegalArgumentException("shm port " + where + ": region is " + size
                    + " bytes but its header says " + length);
            }
            final Ring toSwitch = ring(where, memory, "to-switch", TO_SWITCH_OFFSET_OFFSET, TO_SWITCH_LENGTH_OFFSET);
            final Ring fromSwitch = ring(where, memory, "from-switch", FROM_SWITCH_OFFSET_OFFSET,
                FROM_SWITCH_LENGTH_OFFSET);
            final byte[] raw = memory.asSlice(NAME_OFFSET, NAME_LENGTH).toArray(ValueLayout.JAVA_BYTE);
            int end = 0;
            while (end < raw.length && raw[end] != 0)
            {
                end++;
            }
            return new ShmRegion(where, mapping, toSwitch, fromSwitch, new String(raw, 0, end, StandardCharsets.UTF_8));
        }
        catch (final RuntimeException ex)
        {
            mapping.close();
            throw ex;
        }
    }

    private static Ring ring(final String where, final MemorySegment memory, final String which,
        final int offsetField, final int lengthField)
    {
        final long offset = memory.get(ValueLayout.JAVA_LONG, offsetField);
        final long length = memory.get(ValueLayout.JAVA_LONG, lengthField);
        if (offset < HEADER_LENGTH || length <= 0 || offset % PAGE != 0 || offset > memory.byteSize() - length)
        {
            throw new IllegalArgumentException("shm port " + where + ": bad " + which + " ring: offset " + offset
                + ", length " + length + ", region " + memory.byteSize() + " bytes");
        }
        try
        {
            return Ring.attach(memory.asSlice(offset, length));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("shm port " + where + ", " + which + " ring: " + ex.getMessage(), ex);
        }
    }

    /** Where the region came from, for messages. */
    public String where()
    {
        return where;
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

    /** The whole mapped region. */
    public MemorySegment memory()
    {
        return memory;
    }

    int fd()
    {
        return mapping.fd();
    }

    /**
     * Whether the region is still mapped and its file still as long as the mapping, asked without
     * touching the memory (a fault there may surface late, in whatever code runs next).
     */
    boolean intact()
    {
        try
        {
            return memory.scope().isAlive() && SysMemfd.size(mapping.fd()) >= memory.byteSize();
        }
        catch (final RuntimeException ex)
        {
            return false;
        }
    }

    public long switchPid()
    {
        return memory.get(ValueLayout.JAVA_LONG, SWITCH_PID_OFFSET);
    }

    /** What the header says; the switch writes it, a client may have scribbled over it. */
    public long clientPid()
    {
        return (long)LONG.getVolatile(memory, (long)CLIENT_PID_OFFSET);
    }

    void clientPid(final long pid)
    {
        LONG.setVolatile(memory, (long)CLIENT_PID_OFFSET, pid);
    }

    public int state()
    {
        return (int)INT.getVolatile(memory, (long)STATE_OFFSET);
    }

    void state(final int state)
    {
        INT.setVolatile(memory, (long)STATE_OFFSET, state);
    }

    /** Unmaps the region and closes its descriptor. */
    @Override
    public void close()
    {
        mapping.close();
    }
}
