package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.PortCounters;
import org.agrona.concurrent.Agent;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * The RX worker of an {@link AfPacketPort}: walks the TPACKET_V3 blocks the kernel handed over,
 * points {@link net.vswitch.fabric.Packet} flyweights straight into the mapped ring (zero copy),
 * forwards them through the fabric in this thread, and gives every block back to the kernel right
 * after the batch that used it is forwarded. {@link #doWork()} returns the frames moved.
 */
final class AfPacketReceiver implements Agent
{
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int MAC_ADDRESSES_LENGTH = 12;

    private final AfPacketPort port;
    private final MemorySegment rx;
    private final int blockSize;
    private final int blockCount;
    private final PacketBatch batch;
    private final int batchLimit;
    private final boolean filterOutgoing;
    private final String roleName;
    private final PortCounters counters;
    private int current;
    private int heldStart;
    private int held;
    private long tooBig;
    private long tooBigBytes;
    private long malformed;
    private long malformedBytes;

    AfPacketReceiver(final AfPacketPort port, final MemorySegment rx, final AfPacketConfig config, final int batchLimit,
        final boolean filterOutgoing)
    {
        this.port = port;
        this.rx = rx;
        this.blockSize = config.blockSize();
        this.blockCount = config.blockCount();
        this.batchLimit = batchLimit;
        this.batch = new PacketBatch(batchLimit);
        this.filterOutgoing = filterOutgoing;
        this.roleName = "rx-" + port.name();
        this.counters = port.counters();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        return port.retryBlockedOutput() + receive();
    }

    private int receive()
    {
        final Ingress ingress = port.workerIngress();
        final int portIndex = port.index();
        int moved = 0;
        for (int lap = 0; lap < blockCount; lap++)
        {
            final long block = (long)current * blockSize;
            if (((int)STATUS.getAcquire(rx, block + BLOCK_STATUS_OFFSET) & TP_STATUS_USER) == 0)
            {
                break;
            }
            final long blockEnd = block + blockSize;
            final int count = rx.get(ValueLayout.JAVA_INT, block + BLOCK_NUM_PKTS_OFFSET);
            long packet = block + rx.get(ValueLayout.JAVA_INT, block + BLOCK_OFFSET_TO_FIRST_PKT_OFFSET);
            for (int i = 0; i < count && packet + TPACKET3_HDRLEN <= blockEnd; i++)
            {
                final int next = rx.get(ValueLayout.JAVA_INT, packet + TP3_NEXT_OFFSET_OFFSET);
                final long end = next > 0 ? Math.min(packet + next, blockEnd) : blockEnd;
                take(packet, end, portIndex);
                if (batch.size() >= batchLimit)
                {
                    moved += flush(ingress);
                }
                if (next <= 0)
                {
                    break;
                }
                packet += next;
            }
            held++;
            current = current + 1 == blockCount ? 0 : current + 1;
        }
        return moved + flush(ingress);
    }

    /** Adds the frame whose tpacket3_hdr is at {@code packet}; {@code end} bounds its room. */
    private void take(final long packet, final long end, final int portIndex)
    {
        final int snaplen = rx.get(ValueLayout.JAVA_INT, packet + TP3_SNAPLEN_OFFSET);
        final int length = rx.get(ValueLayout.JAVA_INT, packet + TP3_LEN_OFFSET);
        final int status = rx.get(ValueLayout.JAVA_INT, packet + TP3_STATUS_OFFSET);
        final int mac = rx.get(ValueLayout.JAVA_SHORT, packet + TP3_MAC_OFFSET) & 0xFFFF;
        if (filterOutgoing
            && rx.get(ValueLayout.JAVA_BYTE, packet + TPACKET3_HDR_ALIGNED + SLL_PKTTYPE_OFFSET) == PACKET_OUTGOING)
        {
            return;
        }
        long start = packet + mac;
        if (snaplen != length || start + snaplen > end)
        {
            // truncated by the ring (a frame larger than a block, e.g. GRO/GSO left on)
            tooBig++;
            tooBigBytes += length;
            return;
        }
        int frameLength = snaplen;
        if ((status & TP_STATUS_VLAN_VALID) != 0)
        {
            // the kernel moved the 802.1Q tag into metadata: put it back in front of the EtherType
            if (mac - VLAN_TAG_LENGTH < TPACKET3_HDRLEN || frameLength < MAC_ADDRESSES_LENGTH)
            {
                malformed++;
                malformedBytes += length;
                return;
            }
            final int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0
                ? rx.get(ValueLayout.JAVA_SHORT, packet + TP3_VLAN_TPID_OFFSET) & 0xFFFF : 0x8100;
            final int tci = rx.get(ValueLayout.JAVA_INT, packet + TP3_VLAN_TCI_OFFSET) & 0xFFFF;
            MemorySegment.copy(rx, start, rx, start - VLAN_TAG_LENGTH, MAC_ADDRESSES_LENGTH);
            start -= VLAN_TAG_LENGTH;
            rx.set(U16, start + MAC_ADDRESSES_LENGTH, (short)tpid);
            rx.set(U16, start + MAC_ADDRESSES_LENGTH + 2, (short)tci);
            frameLength += VLAN_TAG_LENGTH;
        }
        batch.add(rx, start, frameLength, (int)(end - start), portIndex);
    }

    /** Forwards the batch, then hands every fully walked block back to the kernel. */
    private int flush(final Ingress ingress)
    {
        final int size = batch.size();
        if (size > 0 && ingress != null)
        {
            ingress.forward(batch);
        }
        batch.clear();
        for (int k = 0, index = heldStart; k < held; k++)
        {
            STATUS.setRelease(rx, (long)index * blockSize + BLOCK_STATUS_OFFSET, TP_STATUS_KERNEL);
            index = index + 1 == blockCount ? 0 : index + 1;
        }
        heldStart = current;
        held = 0;
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
