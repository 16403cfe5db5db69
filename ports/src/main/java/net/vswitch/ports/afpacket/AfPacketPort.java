package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.RingDescriptor;
import net.vswitch.fabric.Switch;
import net.vswitch.natives.libc.SysMman;
import net.vswitch.ports.linux.DevicePort;
import net.vswitch.ports.linux.OutputDrain;
import org.agrona.concurrent.Agent;

/**
 * A port on a Linux network interface through an AF_PACKET socket with PACKET_MMAP rings
 * (TPACKET_V3 by default, or V2; see {@link AfPacketConfig#version()}), promiscuous, bypassing the
 * qdisc, blind to its own transmissions. With {@link AfPacketConfig#offloads()} (the default) every
 * frame carries its virtio-net header both ways (PACKET_VNET_HDR): partial checksums and GSO
 * super-frames of up to 64 KiB pass through the switch as the kernel made them.
 *
 * <p>RX: a worker thread ({@code rx-<port>}) forwards what the kernel hands over, zero copy from the
 * ring, and sleeps in {@code poll(2)} when idle. TX: the fabric fills {@link #output()} from any
 * sender thread; {@link #outputReady()} copies it into the TX ring and kicks {@code send()} once per
 * batch. One drainer at a time (a try-lock), re-checked after unlocking so nothing is stranded. When
 * the TX ring is full the rest waits in the output ring (whose overflow the fabric counts as
 * RING_FULL) and the worker retries as soon as the kernel frees frames. Frames the device refuses are
 * counted as {@link DropReason#TX_ERROR} on this port.
 */
public final class AfPacketPort extends DevicePort
{
    private final AfPacketConfig config;
    private final AfPacketSocket socket;
    private final MemorySegment outputMemory;
    private final Ring outputRing;
    private final OutputRing output;
    private final TxFrameRing tx;
    private final int maxFrame;
    private final OutputDrain drain;
    private final AtomicLong kernelDrops = new AtomicLong();
    /** recvmmsg buffers (without an RX ring), reused by each attachment's receiver; null with a ring. */
    private final MemorySegment receiveMemory;
    private volatile MessageReceiver messages;

    private AfPacketPort(final String name, final AfPacketSocket socket, final AfPacketConfig config)
    {
        super(name, socket.fd(), config.pollTimeoutMillis());
        this.config = config;
        this.socket = socket;
        // large buffers: pages come on first touch, so small frames cost only the first page of each
        this.outputMemory = SysMman.mmapAnonymous(RingDescriptor.ringLength(config.outputSlots(), config.bufferSize()));
        this.outputRing = Ring.format(outputMemory, config.outputSlots(), config.bufferSize());
        this.output = new OutputRing(outputRing, counters());
        this.tx = new TxFrameRing(socket.fd(), socket.tx(), config.txFrameSize(), config.txFrames(),
            config.version(), config.offloads());
        this.drain = drainTo(outputRing, this::copyOut);
        this.maxFrame = Math.min(config.maxFrame(socket.mtu()), tx.maxData());
        this.receiveMemory = config.rxRing() ? null
            : SysMman.mmapAnonymous(MessageReceiver.bytes(config.batchSize(), config.maxFrame(socket.mtu())));
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

    /**
     * Frames the kernel dropped because every RX block was still held, or (without an RX ring) the
     * socket's receive buffer was full (cumulative).
     */
    public long kernelDrops()
    {
        synchronized (this)
        {
            if (!isClosed())
            {
                kernelDrops.addAndGet(socket.statistics()[1]);
            }
        }
        return kernelDrops.get();
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
    protected Agent receiver(final Switch owner)
    {
        final int batchLimit = Math.min(config.batchSize(), owner.config().maxBatch());
        final boolean filterOutgoing = !socket.ignoreOutgoing();
        if (!config.rxRing())
        {
            final MessageReceiver receiver = new MessageReceiver(this, socket.fd(), receiveMemory, batchLimit,
                config.maxFrame(socket.mtu()), config.offloads(), filterOutgoing);
            messages = receiver;
            return receiver;
        }
        return config.version() == TpacketVersion.V3
            ? new BlockReceiver(this, socket.rx(), config, batchLimit, filterOutgoing, config.offloads())
            : new FrameReceiver(this, socket.rx(), socket.rxFrameSize(), batchLimit, filterOutgoing,
                config.offloads());
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

    /** recvmmsg calls that failed with something other than EAGAIN (e.g. the interface went away). */
    public long receiveErrors()
    {
        final MessageReceiver current = messages;
        return current == null ? 0 : current.errors();
    }

    /** The errno of the last refused send (0 when none), for diagnostics. */
    public int lastTxErrno()
    {
        return tx.lastErrno();
    }

    @Override
    protected void closeDevice()
    {
        socket.close();
        SysMman.munmap(outputMemory);
        if (receiveMemory != null)
        {
            SysMman.munmap(receiveMemory);
        }
    }
}
