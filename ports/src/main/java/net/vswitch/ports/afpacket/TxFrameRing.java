package net.vswitch.ports.afpacket;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.ports.linux.VirtioNetHeader;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * The user side of a PACKET_MMAP TX ring (TPACKET_V2 or V3 frame headers): fill the frame at {@code head} while
 * the kernel says it is AVAILABLE, mark it SEND_REQUEST, and {@link #kick()} the kernel to send
 * everything marked. Frames are used strictly in ring order, as the kernel walks them.
 * Not thread-safe: one drainer at a time (the port's transmit lock).
 */
final class TxFrameRing
{
    private static final VarHandle STATUS = ValueLayout.JAVA_INT.varHandle();

    private final int fd;
    private final MemorySegment ring;
    private final int frameSize;
    private final int mask;
    private final int maxData;
    private final boolean v3;
    private final long statusOffset;
    private final long lenOffset;
    private final long dataOffset;
    private final boolean vnet;
    private int head;
    private int queued;
    private int lastErrno;

    TxFrameRing(final int fd, final MemorySegment ring, final int frameSize, final int frames,
        final TpacketVersion version, final boolean vnet)
    {
        this.vnet = vnet;
        this.fd = fd;
        this.ring = ring;
        this.frameSize = frameSize;
        this.mask = frames - 1;
        this.v3 = version == TpacketVersion.V3;
        this.statusOffset = v3 ? TP3_STATUS_OFFSET : TP2_STATUS_OFFSET;
        this.lenOffset = v3 ? TP3_LEN_OFFSET : TP2_LEN_OFFSET;
        this.dataOffset = v3 ? TPACKET3_TX_DATA_OFFSET : TPACKET2_TX_DATA_OFFSET;
        this.maxData = frameSize - (int)dataOffset - (vnet ? VirtioNetHeader.LENGTH : 0);
    }

    /** Largest frame a slot holds. */
    int maxData()
    {
        return maxData;
    }

    private long frame(final int index)
    {
        return (long)index * frameSize;
    }

    private int status(final int index)
    {
        return (int)STATUS.getAcquire(ring, frame(index) + statusOffset);
    }

    /** Whether the next frame in ring order is free for us. */
    boolean hasFree()
    {
        return status(head) == TP_STATUS_AVAILABLE;
    }

    /**
     * Copies a frame into the next free slot and marks it for sending; call {@link #hasFree()} first.
     *
     * @param offload the frame's {@link net.vswitch.fabric.Offload} word (sent as its virtio-net header
     *                when the socket has PACKET_VNET_HDR; must be 0 otherwise)
     */
    void write(final MemorySegment source, final long offset, final int length, final int offload)
    {
        final long frame = frame(head);
        long data = frame + dataOffset;
        int total = length;
        if (vnet)
        {
            VirtioNetHeader.write(ring, data, offload, source, offset, length);
            data += VirtioNetHeader.LENGTH;
            total += VirtioNetHeader.LENGTH;
        }
        MemorySegment.copy(source, offset, ring, data, length);
        if (v3)
        {
            ring.set(ValueLayout.JAVA_INT, frame + TP3_NEXT_OFFSET_OFFSET, 0);
        }
        ring.set(ValueLayout.JAVA_INT, frame + lenOffset, total);
        STATUS.setRelease(ring, frame + statusOffset, TP_STATUS_SEND_REQUEST);
        head = (head + 1) & mask;
        queued++;
    }

    /** Frames marked but not yet handed to the kernel by a successful {@link #kick()}. */
    int queued()
    {
        return queued;
    }

    /**
     * Asks the kernel to send every marked frame.
     *
     * @return 0 when done or nothing was queued; {@code -errno} for a transient refusal (frames stay
     *         queued, retry later); otherwise the number of frames given up after a hard error
     *         (they are made available again and must be counted as TX errors)
     */
    int kick()
    {
        if (queued == 0)
        {
            return 0;
        }
        final long result = SysSocket.sendtoOrErrno(fd, MemorySegment.NULL, 0, SysSocket.MSG_DONTWAIT,
            MemorySegment.NULL, 0);
        if (result >= 0)
        {
            queued = 0;
            return 0;
        }
        final int errno = (int)-result;
        lastErrno = errno;
        if (errno == ErrnoH.EAGAIN || errno == ErrnoH.ENOBUFS || errno == ErrnoH.EINTR)
        {
            return (int)result;
        }
        queued = 0;
        return reclaim();
    }

    /** The errno of the last failed send, 0 if none. */
    int lastErrno()
    {
        return lastErrno;
    }

    /**
     * Takes back the frames still waiting to be sent. Safe: only {@code send()}, which runs solely
     * under our lock, moves a frame out of SEND_REQUEST.
     */
    private int reclaim()
    {
        int count = 0;
        int index = (head - 1) & mask;
        while (count <= mask && status(index) == TP_STATUS_SEND_REQUEST)
        {
            STATUS.setRelease(ring, frame(index) + statusOffset, TP_STATUS_AVAILABLE);
            count++;
            index = (index - 1) & mask;
        }
        head = (head - count) & mask;
        return count;
    }
}
