package net.vswitch.ports.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.agrona.concurrent.Agent;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.natives.dpdk.RteErrno;
import net.vswitch.natives.dpdk.RteLcore;
import net.vswitch.natives.dpdk.VsDpdkShim;

/**
 * The poll worker of one DPDK port: each {@link #doWork()} takes a burst from every RX queue, points
 * the batch's flyweights at the mbufs' data (zero copy), forwards the batch in this thread, then
 * frees the mbufs. Allocates nothing per packet: the mbuf/address/length arrays are off-heap and
 * preallocated, and {@link DpdkMemory#ALL} stands in for every frame's segment.
 */
final class DpdkRxAgent implements Agent
{
    private final DpdkPort port;
    private final short portId;
    private final int queues;
    private final int burst;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment mbufs;
    private final MemorySegment addresses;
    private final MemorySegment lengths;
    private final MemorySegment rooms;
    private final PacketBatch batch;
    private boolean registered;

    DpdkRxAgent(final DpdkPort port, final int portId, final int queues, final int burst)
    {
        this.port = port;
        this.portId = (short)portId;
        this.queues = queues;
        this.burst = burst;
        this.mbufs = DpdkMemory.unscoped(arena.allocate(ValueLayout.ADDRESS, burst));
        this.addresses = DpdkMemory.unscoped(arena.allocate(ValueLayout.JAVA_LONG, burst));
        this.lengths = DpdkMemory.unscoped(arena.allocate(ValueLayout.JAVA_INT, burst));
        this.rooms = DpdkMemory.unscoped(arena.allocate(ValueLayout.JAVA_INT, burst));
        this.batch = new PacketBatch(burst);
    }

    @Override
    public void onStart()
    {
        // an lcore id gives this thread the mempool's per-lcore cache; without one DPDK still works
        registered = RteLcore.rte_thread_register() == 0;
        if (!registered)
        {
            port.workerError(new DpdkException("rte_thread_register failed for " + roleName() + ": "
                + RteErrno.message(RteErrno.rte_errno()) + "; polling without an lcore id (no mempool cache)"));
        }
    }

    @Override
    public int doWork()
    {
        if (port.paused())
        {
            return 0;
        }
        int work = 0;
        for (int q = 0; q < queues; q++)
        {
            work += poll((short)q);
        }
        return work;
    }

    private int poll(final short queue)
    {
        final int n = Short.toUnsignedInt(
            VsDpdkShim.vs_rx_burst(portId, queue, mbufs, (short)burst, addresses, lengths, rooms));
        if (n == 0)
        {
            return 0;
        }
        try
        {
            final Ingress ingress = port.ingressOrNull();
            if (ingress == null)
            {
                dropDetached(n);
                return n;
            }
            final PacketBatch batch = this.batch.clear();
            final int index = port.index();
            for (int i = 0; i < n; i++)
            {
                // a chained frame keeps its full length with the first buffer's room: the fabric drops it
                final int length = lengths.getAtIndex(ValueLayout.JAVA_INT, i) & ~VsDpdkShim.VS_RX_CHAINED;
                batch.add(DpdkMemory.ALL, addresses.getAtIndex(ValueLayout.JAVA_LONG, i), length,
                    rooms.getAtIndex(ValueLayout.JAVA_INT, i), index);
            }
            ingress.forward(batch);
        }
        finally
        {
            VsDpdkShim.vs_free_bulk(mbufs, n);
        }
        return n;
    }

    private void dropDetached(final int n)
    {
        long bytes = 0;
        for (int i = 0; i < n; i++)
        {
            bytes += lengths.getAtIndex(ValueLayout.JAVA_INT, i) & ~VsDpdkShim.VS_RX_CHAINED;
        }
        port.counters().rx(n, bytes);
        port.counters().drop(DropReason.DETACHED, n);
    }

    @Override
    public void onClose()
    {
        if (registered)
        {
            RteLcore.rte_thread_unregister();
        }
        arena.close();
    }

    @Override
    public String roleName()
    {
        return "rx-" + port.name();
    }
}
