package net.vswitch.ports.tunnel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.PortSpec;

/**
 * A VXLAN or Geneve tunnel port: frames the switch sends here leave encapsulated towards the remote
 * endpoint through the host's IP stack; datagrams from that remote with this port's VNI arrive here
 * decapsulated. Receiving is shared: every tunnel port with the same namespace, local address and UDP
 * port uses one {@link UnderlaySocket} and its RX worker. Sending is the caller's thread (any sender,
 * after a commit, one drainer at a time) through this port's {@link TunnelSender}.
 *
 * <p>Counters: {@code rx} counts decapsulated frames and every datagram charged to this port, which are
 * then dropped by reason ({@code tunnel_unknown_vni}, {@code tunnel_bad_header}, ...); {@code tx} counts
 * frames handed to the port; {@link #encapsulated()} those that left, the rest are
 * {@code tunnel_mtu} or {@code tx_error} drops.
 */
public final class TunnelPort extends Port
{
    private static final int OUTPUT_SLOTS = 1024;
    private static final int BUFFER_SIZE = 2048;

    private final PortSpec.Tunnel spec;
    private final UnderlaySocket socket;
    private final TunnelSender sender;
    private final Arena arena = Arena.ofShared();
    private final Ring outputRing;
    private final OutputRing output;
    private final MemorySegment[] outputSlots;
    private final PacketBatch received = new PacketBatch(UnderlaySocket.BATCH);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final byte[] remote;
    private final long remoteHigh;
    private final long remoteLow;
    private volatile long decapsulated;
    private boolean closed;

    private TunnelPort(final PortSpec.Tunnel spec, final UnderlaySocket socket, final TunnelSender sender)
    {
        super(spec.name());
        this.spec = spec;
        this.socket = socket;
        this.sender = sender;
        this.remote = spec.remote().getAddress();
        final MemorySegment bytes = MemorySegment.ofArray(java.util.Arrays.copyOf(remote, 16));
        this.remoteHigh = bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, 0);
        this.remoteLow = bytes.get(ValueLayout.JAVA_LONG_UNALIGNED, 8);
        this.outputRing = Ring.allocate(arena, OUTPUT_SLOTS, BUFFER_SIZE);
        this.output = new OutputRing(outputRing, counters());
        this.outputSlots = new MemorySegment[OUTPUT_SLOTS];
        for (int i = 0; i < OUTPUT_SLOTS; i++)
        {
            outputSlots[i] = outputRing.memory().asSlice(outputRing.bufferOffset(i), BUFFER_SIZE);
        }
    }

    /**
     * Opens the tunnel port {@code spec} describes: joins (or opens and binds) the shared UDP socket and
     * opens the raw send socket, in {@code spec.netns()} when one is named.
     *
     * @throws IllegalStateException naming the address or call that failed (e.g. the UDP port is taken)
     */
    public static TunnelPort open(final PortSpec.Tunnel spec)
    {
        final boolean ipv6 = spec.remote().getAddress().length == 16;
        final UnderlaySocket socket = UnderlaySocket.acquire(
            new UnderlaySocket.Key(spec.netns(), spec.local(), spec.dstport(), ipv6), spec.protocol());
        try
        {
            return new TunnelPort(spec, socket, new TunnelSender(spec));
        }
        catch (final RuntimeException ex)
        {
            socket.release();
            throw ex;
        }
    }

    /** What this port was opened from. */
    public PortSpec.Tunnel tunnel()
    {
        return spec;
    }

    /** The VNI this port sends with and accepts. */
    public int vni()
    {
        return spec.vni();
    }

    /** Frames that left encapsulated. */
    public long encapsulated()
    {
        return sender.encapsulated();
    }

    /** Frames received decapsulated and handed to the switch. */
    public long decapsulated()
    {
        return decapsulated;
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return spec.text();
    }

    @Override
    protected void attached(final Switch owner)
    {
        socket.register(this);
    }

    @Override
    protected void detached()
    {
        socket.unregister(this);
    }

    /** Whether the address at {@code at} of a received sockaddr is this port's remote. */
    boolean remoteIs(final MemorySegment names, final long at)
    {
        if (remote.length == 4)
        {
            return names.get(ValueLayout.JAVA_INT_UNALIGNED, at) == (int)remoteHigh;
        }
        return names.get(ValueLayout.JAVA_LONG_UNALIGNED, at) == remoteHigh
            && names.get(ValueLayout.JAVA_LONG_UNALIGNED, at + 8) == remoteLow;
    }

    /** Socket worker: queues a decapsulated frame; returns whether it is the first of this cycle. */
    boolean received(final MemorySegment buffer, final long offset, final int length, final int capacity)
    {
        final boolean first = received.size() == 0;
        received.add(buffer, offset, length, capacity, index());
        return first;
    }

    /** Socket worker: forwards the frames queued this cycle. */
    void forwardReceived()
    {
        final Ingress ingress = ingress();
        final int size = received.size();
        if (ingress != null)
        {
            ingress.forward(received);
            decapsulated = decapsulated + size;
        }
        else
        {
            // detached between demultiplexing and forwarding: still counted, never silently lost
            long bytes = 0;
            for (int i = 0; i < size; i++)
            {
                bytes += received.packet(i).length();
            }
            counters().rx(size, bytes);
            counters().drop(DropReason.DETACHED, size);
        }
        received.clear();
    }

    /** Socket worker: a datagram charged to this port is dropped for {@code reason}. */
    void rejected(final DropReason reason, final int length)
    {
        counters().rx(1, length);
        counters().drop(reason, 1);
    }

    @Override
    protected void outputReady()
    {
        // one drainer at a time; a loser leaves the work to the winner, who re-checks the tail
        while (draining.compareAndSet(false, true))
        {
            final long tail;
            try
            {
                tail = outputRing.tail();
                sender.send(outputRing, tail, outputSlots, counters());
            }
            finally
            {
                draining.setRelease(false);
            }
            if (outputRing.tail() == tail)
            {
                return;
            }
        }
    }

    @Override
    public synchronized void close()
    {
        requireDetached();
        if (!closed)
        {
            closed = true;
            sender.close();
            socket.release();
            arena.close();
        }
    }
}
