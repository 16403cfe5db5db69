package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import net.vswitch.fabric.Ingress;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * TPACKET_V3 RX: walks the blocks the kernel retired (TP_STATUS_USER) in ring order; a block goes
 * back to the kernel (TP_STATUS_KERNEL) as soon as every frame in it has been forwarded.
 */
final class BlockReceiver extends AfPacketReceiver
{
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    private final int blockSize;
    private final int blockCount;
    private int current;
    private int heldStart;
    private int held;

    BlockReceiver(final AfPacketPort port, final MemorySegment rx, final AfPacketConfig config, final int batchLimit,
        final boolean filterOutgoing, final boolean vnet)
    {
        super(port, rx, batchLimit, filterOutgoing, vnet);
        this.blockSize = config.blockSize();
        this.blockCount = config.blockCount();
    }

    @Override
    protected int receive(final Ingress ingress, final int portIndex)
    {
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
                take(packet, packet + TPACKET3_HDR_ALIGNED, packet + TPACKET3_HDRLEN,
                    next > 0 ? Math.min(packet + next, blockEnd) : blockEnd,
                    rx.get(ValueLayout.JAVA_SHORT, packet + TP3_MAC_OFFSET) & 0xFFFF,
                    rx.get(ValueLayout.JAVA_INT, packet + TP3_SNAPLEN_OFFSET),
                    rx.get(ValueLayout.JAVA_INT, packet + TP3_LEN_OFFSET),
                    rx.get(ValueLayout.JAVA_INT, packet + TP3_STATUS_OFFSET),
                    rx.get(ValueLayout.JAVA_INT, packet + TP3_VLAN_TCI_OFFSET) & 0xFFFF,
                    rx.get(ValueLayout.JAVA_SHORT, packet + TP3_VLAN_TPID_OFFSET) & 0xFFFF,
                    portIndex);
                if (batchFull())
                {
                    // blocks walked before this one go back; this one stays until its last frame is out
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

    @Override
    protected void release()
    {
        for (int k = 0, index = heldStart; k < held; k++)
        {
            STATUS.setRelease(rx, (long)index * blockSize + BLOCK_STATUS_OFFSET, TP_STATUS_KERNEL);
            index = index + 1 == blockCount ? 0 : index + 1;
        }
        heldStart = current;
        held = 0;
    }
}
