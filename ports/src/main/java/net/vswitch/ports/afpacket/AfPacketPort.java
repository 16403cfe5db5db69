package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.RingDescriptor;
import net.vswitch.natives.libc.SysMman;
import net.vswitch.ports.linux.OutputDrain;
import net.vswitch.ports.linux.PollIdleStrategy;
import net.vswitch.ports.linux.PortWorker;

/**
 * A port on a Linux network interface through an AF_PACKET socket with PACKET_MMAP rings
 * (TPACKET_V3 by default, or V2; see {@link AfPacketConfig#version()}), promiscuous, bypassing the
 * qdisc, blind to its own transmissions.
 *
 * <p>RX: a worker thread ({@code rx-<port>}) forwards what the kernel hands over, zero copy from the
 * ring, and sleeps in {@code poll(2)} when idle. TX: the fabric fills {@link #output()} from any
 * sender thread; {@link #outputReady()} copies it into the TX ring and kicks {@code send()}. One
 * drainer at a time (a try-lock), re-checked after unlocking so nothing is stranded. When the TX
 * ring is full the rest waits in the output ring (whose overflow the fabric counts as RING_FULL)
 * and the worker retries as soon as the kernel frees frames. Frames the device refuses are counted
 * as {@link DropReason#TX_ERROR} on this port.
 */
public final class AfPacketPort extends Port
{
    /** Spin after work before sleeping in poll (system property {@value #SPIN_PROP_NAME}, microseconds). */
    public static final String SPIN_PROP_NAME = "vswitch.port.spin.micros";
    public static final long SPIN_MICROS_DEFAULT = 0;
    private static final long SPIN_NANOS = Long.getLong(SPIN_PROP_NAME, SPIN_MICROS_DEFAULT) * 1000;

    private final AfPacketConfig config;
    private final AfPacketSocket socket;
    private final MemorySegment outputMemory;
    private final Ring outputRing;
    private final OutputRing output;
    private final TxFrameRing tx;
    private final PollIdleStrategy idle;
    private final int maxFrame;
    private final OutputDrain drain;
    private final AtomicLong kernelDrops = new AtomicLong();
    private volatile PortWorker worker;
    private boolean closed;

    private AfPacketPort(final String name, final AfPacketSocket socket, final AfPacketConfig config)
    {
        super(name);
        this.config = config;
        this.socket = socket;
        // large buffers: pages come on first touch, so small frames cost only the first page of each
        this.outputMemory = SysMman.mmapAnonymous(RingDescriptor.ringLength(config.outputSlots(), config.bufferSize()));
        try
        {
            this.outputRing = Ring.format(outputMemory, config.outputSlots(), config.bufferSize());
            this.output = new OutputRing(outputRing, counters());
            this.tx = new TxFrameRing(socket.fd(), socket.tx(), config.txFrameSize(), config.txFrames(),
                config.version(), config.offloads());
            this.idle = new PollIdleStrategy(socket.fd(), config.pollTimeoutMillis(), SPIN_NANOS);
        }
        catch (final RuntimeException ex)
        {
            SysMman.munmap(outputMemory);
            throw ex;
        }
        this.drain = new OutputDrain(outputRing, this::copyOut, idle);
        this.maxFrame = Math.min(config.maxFrame(socket.mtu()), tx.maxData());
    }

    /** Opens a port named after the interface, with default rings. */
    public static AfPacketPort open(final String ifname)
    {
        return open(ifname, ifname, AfPacketConfig.defaults());
    }

    /**
     * Opens a port on {@code ifname}.
     *
     * @throws IllegalArgumentException {@code "no such interface: IFNAME (if_nametoindex: No such device)"}
     * @throws IllegalStateException    when the socket cannot be set up (message names the interface and call)
     */
    public static AfPacketPort open(final String ifname, final String name, final AfPacketConfig config)
    {
        final AfPacketSocket socket = AfPacketSocket.open(ifname, config);
        try
        {
            return new AfPacketPort(name, socket, socket.config());
        }
        catch (final RuntimeException ex)
        {
            socket.close();
            throw ex;
        }
    }

    /** The interface the port is bound to. */
    public String ifname()
    {
        return socket.ifname();
    }

    /** The port's shape: the one asked for, grown to fit the interface's MTU. */
    public AfPacketConfig config()
    {
        return config;
    }

    /** With virtio-net headers the kernel takes partial checksums and GSO frames as they are. */
    @Override
    public boolean acceptsOffloads()
    {
        return config.offloads();
    }

    /** Whether the kernel sends this port's frames straight to the driver (PACKET_QDISC_BYPASS). */
    public boolean qdiscBypass()
    {
        return socket.qdiscBypass();
    }

    /** Frames the kernel dropped because every RX block was still held (cumulative). */
    public long kernelDrops()
    {
        synchronized (socket)
        {
            if (!closed)
            {
                kernelDrops.addAndGet(socket.statistics()[1]);
            }
        }
        return kernelDrops.get();
    }

    /** The RX worker's exceptions so far (0 when healthy). */
    public long workerErrors()
    {
        final PortWorker current = worker;
        return current == null ? 0 : current.errors();
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return "afpacket:" + socket.ifname() + (name().equals(socket.ifname()) ? "" : ",name=" + name());
    }

    @Override
    protected void attached(final Switch owner)
    {
        final int batchLimit = Math.min(config.batchSize(), owner.config().maxBatch());
        final boolean filterOutgoing = !socket.ignoreOutgoing();
        final AfPacketReceiver receiver = config.version() == TpacketVersion.V3
            ? new BlockReceiver(this, socket.rx(), config, batchLimit, filterOutgoing, config.offloads())
            : new FrameReceiver(this, socket.rx(), socket.rxFrameSize(), batchLimit, filterOutgoing,
                config.offloads());
        worker = PortWorker.start(receiver, idle);
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

    @Override
    protected void outputReady()
    {
        drain.drain();
    }

    /** Worker thread: retries a transmit that found the TX ring full; returns frames moved. */
    int retryBlockedOutput()
    {
        return drain.retryBlocked();
    }

    /** Under the drain lock: output ring → TX ring up to {@code tail}, then one send(). */
    private int copyOut(final Ring ring, final long tail)
    {
        final MemorySegment memory = ring.memory();
        final boolean vnet = config.offloads();
        long head = ring.head();
        int moved = 0;
        long errors = 0;
        while (head != tail)
        {
            if (!tx.hasFree())
            {
                ring.head(head);
                errors += kick();
                if (!tx.hasFree())
                {
                    drain.blocked();
                    break;
                }
            }
            final int length = ring.slotLength(head);
            if (length > 0)
            {
                if (length > maxFrame)
                {
                    errors++;
                }
                else
                {
                    tx.write(memory, ring.bufferOffset(head), length, vnet ? ring.slotFlags(head) : 0);
                    moved++;
                }
            }
            head++;
        }
        ring.head(head);
        errors += kick();
        if (errors != 0)
        {
            counters().drop(DropReason.TX_ERROR, errors);
        }
        return moved;
    }

    /** Sends what is queued; returns frames lost to a hard error, flags a transient one for retry. */
    private int kick()
    {
        final int result = tx.kick();
        if (result < 0)
        {
            drain.blocked();
            return 0;
        }
        return result;
    }

    /** The errno of the last refused send (0 when none), for diagnostics. */
    public int lastTxErrno()
    {
        return tx.lastErrno();
    }

    @Override
    public void close()
    {
        synchronized (socket)
        {
            requireDetached();
            if (closed)
            {
                return;
            }
            closed = true;
            idle.close();
            socket.close();
            SysMman.munmap(outputMemory);
        }
    }
}
