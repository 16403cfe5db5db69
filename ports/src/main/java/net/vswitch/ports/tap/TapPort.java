package net.vswitch.ports.tap;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.linux.OutputDrain;
import net.vswitch.ports.linux.PollIdleStrategy;
import net.vswitch.ports.linux.PortWorker;

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
public final class TapPort extends Port
{
    /** Spin after work before sleeping in poll (system property {@value #SPIN_PROP_NAME}, microseconds). */
    public static final String SPIN_PROP_NAME = "vswitch.port.spin.micros";
    public static final long SPIN_MICROS_DEFAULT = 0;
    private static final long SPIN_NANOS = Long.getLong(SPIN_PROP_NAME, SPIN_MICROS_DEFAULT) * 1000;

    private final String ifname;
    private final TapConfig config;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final Ring outputRing;
    private final OutputRing output;
    private final MemorySegment[] outputSlots;
    private final MemorySegment rxBuffers;
    private final PollIdleStrategy idle;
    private final OutputDrain drain;
    private volatile PortWorker worker;
    private volatile TapReceiver receiver;
    private volatile int lastTxErrno;
    private boolean closed;

    private TapPort(final String ifname, final String name, final int fd, final TapConfig config)
    {
        super(name);
        this.ifname = ifname;
        this.config = config;
        this.fd = fd;
        this.outputRing = Ring.allocate(arena, config.outputSlots(), config.bufferSize());
        this.output = new OutputRing(outputRing, counters());
        this.outputSlots = new MemorySegment[config.outputSlots()];
        for (int i = 0; i < outputSlots.length; i++)
        {
            outputSlots[i] = outputRing.memory().asSlice(outputRing.bufferOffset(i), config.bufferSize());
        }
        this.rxBuffers = arena.allocate((long)config.batchSize() * config.bufferSize(), 64);
        this.idle = new PollIdleStrategy(fd, config.pollTimeoutMillis(), SPIN_NANOS);
        this.drain = new OutputDrain(outputRing, this::copyOut, idle);
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
        final int fd = TapDevice.open(ifname);
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
    protected void attached(final Switch owner)
    {
        final int batchLimit = Math.min(config.batchSize(), owner.config().maxBatch());
        final TapReceiver agent = new TapReceiver(this, fd, rxBuffers, config.bufferSize(), batchLimit);
        receiver = agent;
        worker = PortWorker.start(agent, idle);
    }

    @Override
    protected void detached()
    {
        final PortWorker current = worker;
        if (current != null)
        {
            current.stop();
        }
        worker = null;
    }

    Ingress workerIngress()
    {
        return ingress();
    }

    int retryBlockedOutput()
    {
        return drain.retryBlocked();
    }

    @Override
    protected void outputReady()
    {
        drain.drain();
    }

    /** Under the drain lock: one write(2) per frame, straight from the output ring's buffers. */
    private int copyOut(final Ring ring, final long tail)
    {
        final int mask = ring.mask();
        long head = ring.head();
        int moved = 0;
        long errors = 0;
        while (head != tail)
        {
            final int length = ring.slotLength(head);
            if (length > 0)
            {
                final long result = Unistd.writeOrErrno(fd, outputSlots[(int)(head & mask)], length);
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

    @Override
    public synchronized void close()
    {
        requireDetached();
        if (!closed)
        {
            closed = true;
            idle.close();
            Unistd.closeOrErrno(fd);
            arena.close();
        }
    }
}
