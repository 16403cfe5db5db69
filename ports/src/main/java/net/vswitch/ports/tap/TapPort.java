package net.vswitch.ports.tap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.RingDescriptor;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.SysMman;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.linux.OutputDrain;
import net.vswitch.ports.linux.DevicePort;
import net.vswitch.ports.linux.VirtioNetHeader;
import org.agrona.concurrent.Agent;

/**
 * A port on a TAP device: what the host's stack sends on the TAP arrives here, what the switch sends
 * here is received by the host's stack on the TAP. Opens an existing TAP of that name or creates one
 * (it then disappears when the port closes). The TAP may be moved to another network namespace
 * after the port opened it; the port keeps working.
 *
 * <p>RX: a worker thread ({@code rx-<port>}) reads batches with non-blocking reads and forwards them,
 * sleeping in {@code poll(2)} when idle. TX: {@link #outputReady()} writes the output ring's frames
 * to the device from the sender's thread (one drainer at a time); EAGAIN leaves the rest for the
 * worker to retry when the device is writable; other write errors count as
 * {@link DropReason#TX_ERROR}.
 */
public final class TapPort extends DevicePort
{
    private final String ifname;
    private final TapConfig config;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment outputMemory;
    private final Ring outputRing;
    private final OutputRing output;
    private final MemorySegment[] outputSlots;
    private final MemorySegment rxBuffers;
    private final int rxBufferSize;
    private final MemorySegment iov;
    private final MemorySegment vnetHeader;
    private final OutputDrain drain;
    private volatile TapReceiver receiver;
    private volatile int lastTxErrno;

    private TapPort(final String ifname, final String name, final int fd, final TapConfig config)
    {
        super(name, fd, config.pollTimeoutMillis());
        this.ifname = ifname;
        this.config = config;
        this.fd = fd;
        // large buffers: pages come on first touch, so small frames cost only the first page of each
        this.rxBufferSize = config.bufferSize() + (config.offloads() ? 64 : 0);
        this.outputMemory = SysMman.mmapAnonymous(RingDescriptor.ringLength(config.outputSlots(), config.bufferSize())
            + (long)config.batchSize() * rxBufferSize);
        this.outputRing = Ring.format(outputMemory, config.outputSlots(), config.bufferSize());
        this.output = new OutputRing(outputRing, counters());
        this.outputSlots = new MemorySegment[config.outputSlots()];
        for (int i = 0; i < outputSlots.length; i++)
        {
            outputSlots[i] = outputMemory.asSlice(outputRing.bufferOffset(i), config.bufferSize());
        }
        this.rxBuffers = outputMemory.asSlice(RingDescriptor.ringLength(config.outputSlots(), config.bufferSize()));
        this.iov = arena.allocate(2L * Unistd.IOVEC_SIZE, 8);
        this.vnetHeader = arena.allocate(16, 8);
        this.drain = drainTo(outputRing, this::copyOut);
    }

    /** Opens (or creates) TAP {@code ifname} as a port of the same name, with defaults. */
    public static TapPort open(final String ifname)
    {
        return open(ifname, ifname, TapConfig.defaults());
    }

    /**
     * Opens (or creates) TAP {@code ifname} and sets its link up.
     *
     * @throws IllegalStateException naming the device and the failed call
     */
    public static TapPort open(final String ifname, final String name, final TapConfig config)
    {
        final int fd = TapDevice.open(ifname, config.offloads());
        try
        {
            return new TapPort(ifname, name, fd, config);
        }
        catch (final RuntimeException ex)
        {
            Unistd.closeOrErrno(fd);
            throw ex;
        }
    }

    /** The TAP device the port reads and writes. */
    public String ifname()
    {
        return ifname;
    }

    public TapConfig config()
    {
        return config;
    }

    /** Reads that failed with something other than EAGAIN (e.g. the device went away). */
    public long readErrors()
    {
        final TapReceiver current = receiver;
        return current == null ? 0 : current.readErrors();
    }

    /** The errno of the last refused write (0 when none), for diagnostics. */
    public int lastTxErrno()
    {
        return lastTxErrno;
    }

    /** With virtio-net headers the kernel takes partial checksums and GSO frames as they are. */
    @Override
    public boolean acceptsOffloads()
    {
        return config.offloads();
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return "tap:" + ifname + (name().equals(ifname) ? "" : ",name=" + name());
    }

    @Override
    protected Agent receiver(final Switch owner)
    {
        final int batchLimit = Math.min(config.batchSize(), owner.config().maxBatch());
        final TapReceiver agent = new TapReceiver(this, fd, rxBuffers, rxBufferSize, batchLimit, config.offloads());
        receiver = agent;
        return agent;
    }

    /**
     * Under the drain lock: one write(2) per frame, straight from the output ring's buffers (with
     * offloads a writev(2) of the frame's virtio-net header and the frame).
     */
    private int copyOut(final Ring ring, final long tail)
    {
        final int mask = ring.mask();
        final boolean vnet = config.offloads();
        long head = ring.head();
        int moved = 0;
        long errors = 0;
        while (head != tail)
        {
            final int length = ring.slotLength(head);
            if (length > 0)
            {
                final long result = write(outputSlots[(int)(head & mask)], length, vnet ? ring.slotFlags(head) : -1);
                if (result == -ErrnoH.EAGAIN || result == -ErrnoH.EINTR)
                {
                    drain.blocked();
                    break;
                }
                if (result < 0)
                {
                    errors++;
                    lastTxErrno = (int)-result;
                }
                else
                {
                    moved++;
                }
            }
            head++;
        }
        ring.head(head);
        if (errors != 0)
        {
            counters().drop(DropReason.TX_ERROR, errors);
        }
        return moved;
    }

    /** @param offload the frame's Offload word, or -1 without virtio-net headers */
    private long write(final MemorySegment slot, final int length, final int offload)
    {
        if (offload < 0)
        {
            return Unistd.writeOrErrno(fd, slot, length);
        }
        VirtioNetHeader.write(vnetHeader, 0, offload, slot, 0, length);
        Unistd.iovec(iov, 0, vnetHeader.address(), VirtioNetHeader.LENGTH);
        Unistd.iovec(iov, 1, slot.address(), length);
        return Unistd.writevOrErrno(fd, iov, 2);
    }

    @Override
    protected void closeDevice()
    {
        Unistd.closeOrErrno(fd);
        arena.close();
        SysMman.munmap(outputMemory);
    }
}
