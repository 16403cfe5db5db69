package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import net.vswitch.fabric.Ingress;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * TPACKET_V2 RX: fixed-size frames in ring order, each handed over by the kernel on its own
 * (TP_STATUS_USER) and given back (TP_STATUS_KERNEL) right after the batch holding it is forwarded.
 */
final class FrameReceiver extends AfPacketReceiver
{
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    private final int frameSize;
    private final int frameCount;
    private int current;
    private int heldStart;
    private int held;

    FrameReceiver(final AfPacketPort port, final MemorySegment rx, final int frameSize, final int batchLimit,
        final boolean filterOutgoing, final boolean vnet)
    {
        super(port, rx, batchLimit, filterOutgoing, vnet);
        this.frameSize = frameSize;
        this.frameCount = (int)(rx.byteSize() / frameSize);
    }

    @Override
    protected int receive(final Ingress ingress, final int portIndex)
    {
        int moved = 0;
        for (int lap = 0; lap < frameCount; lap++)
        {
            final long frame = (long)current * frameSize;
            final int status = (int)STATUS.getAcquire(rx, frame + TP2_STATUS_OFFSET);
            if ((status & TP_STATUS_USER) == 0)
            {
                break;
            }
            take(frame, frame + TPACKET2_HDR_ALIGNED, frame + TPACKET2_HDRLEN, frame + frameSize,
                rx.get(ValueLayout.JAVA_SHORT, frame + TP2_MAC_OFFSET) & 0xFFFF,
                rx.get(ValueLayout.JAVA_INT, frame + TP2_SNAPLEN_OFFSET),
                rx.get(ValueLayout.JAVA_INT, frame + TP2_LEN_OFFSET),
                status,
                rx.get(ValueLayout.JAVA_SHORT, frame + TP2_VLAN_TCI_OFFSET) & 0xFFFF,
                rx.get(ValueLayout.JAVA_SHORT, frame + TP2_VLAN_TPID_OFFSET) & 0xFFFF,
                portIndex);
            held++;
            current = current + 1 == frameCount ? 0 : current + 1;
            if (batchFull())
            {
                moved += flush(ingress);
            }
        }
        return moved + flush(ingress);
    }

    @Override
    protected void release()
    {
        for (int k = 0, index = heldStart; k < held; k++)
        {
            STATUS.setRelease(rx, (long)index * frameSize + TP2_STATUS_OFFSET, TP_STATUS_KERNEL);
            index = index + 1 == frameCount ? 0 : index + 1;
        }
        heldStart = current;
        held = 0;
    }
}
