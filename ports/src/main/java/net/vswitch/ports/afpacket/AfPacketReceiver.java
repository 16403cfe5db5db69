package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.Offload;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.PortCounters;
import net.vswitch.ports.linux.VirtioNetHeader;
import org.agrona.concurrent.Agent;

import static net.vswitch.natives.libc.LinuxIfPacket.PACKET_OUTGOING;
import static net.vswitch.natives.libc.LinuxIfPacket.SLL_PKTTYPE_OFFSET;
import static net.vswitch.natives.libc.LinuxIfPacket.TP_STATUS_VLAN_TPID_VALID;
import static net.vswitch.natives.libc.LinuxIfPacket.TP_STATUS_VLAN_VALID;

/**
 * The RX worker of an {@link AfPacketPort}: takes the frames the kernel handed over in the mapped
 * RX ring, points {@link net.vswitch.fabric.Packet} flyweights straight at them (zero copy),
 * forwards them through the fabric in this thread and gives their ring space back right after the
 * batch is forwarded. {@link #doWork()} returns the frames moved. Subclasses walk one ring format.
 */
abstract class AfPacketReceiver implements Agent
{
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int MAC_ADDRESSES_LENGTH = 12;

    protected final MemorySegment rx;
    private final AfPacketPort port;
    private final PacketBatch batch;
    private final int batchLimit;
    private final boolean filterOutgoing;
    private final boolean vnet;
    private final String roleName;
    private final PortCounters counters;
    private long tooBig;
    private long tooBigBytes;
    private long malformed;
    private long malformedBytes;

    AfPacketReceiver(final AfPacketPort port, final MemorySegment rx, final int batchLimit,
        final boolean filterOutgoing, final boolean vnet)
    {
        this.vnet = vnet;
        this.port = port;
        this.rx = rx;
        this.batchLimit = batchLimit;
        this.batch = new PacketBatch(batchLimit);
        this.filterOutgoing = filterOutgoing;
        this.roleName = "rx-" + port.name();
        this.counters = port.counters();
    }

    @Override
    public final String roleName()
    {
        return roleName;
    }

    @Override
    public final int doWork()
    {
        return port.retryBlockedOutput() + receive(port.workerIngress(), port.index());
    }

    /** Walks what the kernel handed over, calling {@link #take} per frame; returns frames forwarded. */
    protected abstract int receive(Ingress ingress, int portIndex);

    /** Gives the ring space of every frame taken since the last call back to the kernel. */
    protected abstract void release();

    protected final boolean batchFull()
    {
        return batch.size() >= batchLimit;
    }

    /**
     * Adds one frame to the batch.
     *
     * @param header   offset of the frame's tpacket header in {@link #rx}
     * @param sockaddr offset of the sockaddr_ll the kernel wrote after it
     * @param minStart lowest offset the frame may start at after a VLAN tag is put back
     * @param end      end of the room the frame may use
     */
    protected final void take(final long header, final long sockaddr, final long minStart, final long end,
        final int mac, final int snaplen, final int length, final int status, final int vlanTci, final int vlanTpid,
        final int portIndex)
    {
        if (filterOutgoing && rx.get(ValueLayout.JAVA_BYTE, sockaddr + SLL_PKTTYPE_OFFSET) == PACKET_OUTGOING)
        {
            return;
        }
        long start = header + mac;
        if (snaplen != length || start + snaplen > end)
        {
            // truncated by the ring (larger than a slot, e.g. GRO/GSO left on)
            tooBig++;
            tooBigBytes += length;
            return;
        }
        int frameLength = snaplen;
        // read before a VLAN tag put back overwrites it: the kernel wrote it just before the frame
        final long vnetHeader = vnet ? rx.get(ValueLayout.JAVA_LONG_UNALIGNED, start - VirtioNetHeader.LENGTH) : 0;
        final short vnetTail = vnet ? rx.get(ValueLayout.JAVA_SHORT_UNALIGNED, start - 2) : 0;
        final long original = start;
        if ((status & TP_STATUS_VLAN_VALID) != 0)
        {
            // the kernel moved the 802.1Q tag into metadata: put it back in front of the EtherType
            if (start - VLAN_TAG_LENGTH < minStart || frameLength < MAC_ADDRESSES_LENGTH)
            {
                malformed++;
                malformedBytes += length;
                return;
            }
            final int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? vlanTpid : 0x8100;
            MemorySegment.copy(rx, start, rx, start - VLAN_TAG_LENGTH, MAC_ADDRESSES_LENGTH);
            start -= VLAN_TAG_LENGTH;
            rx.set(U16, start + MAC_ADDRESSES_LENGTH, (short)tpid);
            rx.set(U16, start + MAC_ADDRESSES_LENGTH + 2, (short)vlanTci);
            frameLength += VLAN_TAG_LENGTH;
        }
        final Packet packet = batch.add(rx, start, frameLength, (int)(end - start), portIndex);
        if (vnetHeader != 0 || vnetTail != 0)
        {
            final int word = VirtioNetHeader.decode(vnetHeader, vnetTail, rx, start, frameLength,
                (int)(original - start));
            if (word == Offload.INVALID)
            {
                batch.truncate(batch.size() - 1);
                malformed++;
                malformedBytes += length;
                return;
            }
            packet.offload(word);
        }
    }

    /** Forwards the batch, then releases the ring space it used; returns frames forwarded. */
    protected final int flush(final Ingress ingress)
    {
        final int size = batch.size();
        if (size > 0 && ingress != null)
        {
            ingress.forward(batch);
        }
        batch.clear();
        release();
        if (tooBig != 0 || malformed != 0)
        {
            countDrops();
        }
        return size;
    }

    private void countDrops()
    {
        counters.rx(tooBig + malformed, tooBigBytes + malformedBytes);
        if (tooBig != 0)
        {
            counters.drop(DropReason.TOO_BIG, tooBig);
        }
        if (malformed != 0)
        {
            counters.drop(DropReason.MALFORMED, malformed);
        }
        tooBig = 0;
        tooBigBytes = 0;
        malformed = 0;
        malformedBytes = 0;
    }
}
