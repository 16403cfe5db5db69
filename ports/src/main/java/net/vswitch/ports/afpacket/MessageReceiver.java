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
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.ports.linux.VirtioNetHeader;
import org.agrona.concurrent.Agent;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * The RX worker of an {@link AfPacketPort} without an RX ring ({@link AfPacketConfig#rxRing()} false,
 * the default): {@code recvmmsg(2)} takes up to a batch of frames per call into preallocated buffers
 * of 64 KiB (pages touched only as large frames need them), as Open vSwitch's AF_PACKET netdev does.
 * The kernel wakes the worker for every frame (no block timer) and queues bursts in the socket's
 * receive buffer, which holds many small frames or a few GSO ones, by their size.
 *
 * <pre>
 *  buffer i:  [ 8 spare | virtio-net header (10) | frame ... ]   (the spare takes a VLAN tag put back)
 *  message i: mmsghdr -> sockaddr_ll i, iovec i -> buffer i + 8, control i (tpacket_auxdata)
 * </pre>
 */
final class MessageReceiver implements Agent
{
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SPARE = 8;
    private static final int NAME_SIZE = 32;
    private static final int IOV_SIZE = 16;
    private static final int CONTROL_SIZE = 64;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int MAC_ADDRESSES_LENGTH = 12;
    private static final int ROUNDS = 4;

    private final AfPacketPort port;
    private final int fd;
    private final int count;
    private final int stride;
    private final boolean vnet;
    private final boolean filterOutgoing;
    private final MemorySegment memory;
    private final MemorySegment messages;
    private final long headers;
    private final long names;
    private final long iovs;
    private final long controls;
    private final PacketBatch batch;
    private final PortCounters counters;
    private final String roleName;
    private long errors;

    /** Bytes of memory a receiver of up to {@code batchLimit} frames of {@code maxFrame} bytes needs. */
    static long bytes(final int batchLimit, final int maxFrame)
    {
        return (long)batchLimit * (stride(maxFrame) + SysSocket.MMSGHDR_SIZE + NAME_SIZE + IOV_SIZE + CONTROL_SIZE);
    }

    private static int stride(final int maxFrame)
    {
        return (SPARE + VirtioNetHeader.LENGTH + maxFrame + 63) & -64;
    }

    /** @param memory at least {@link #bytes} long, owned by the port (reused by each attachment's receiver) */
    MessageReceiver(final AfPacketPort port, final int fd, final MemorySegment memory, final int batchLimit,
        final int maxFrame, final boolean vnet, final boolean filterOutgoing)
    {
        this.port = port;
        this.fd = fd;
        this.count = batchLimit;
        this.vnet = vnet;
        this.filterOutgoing = filterOutgoing;
        this.stride = stride(maxFrame);
        this.headers = (long)count * stride;
        this.names = headers + (long)count * SysSocket.MMSGHDR_SIZE;
        this.iovs = names + (long)count * NAME_SIZE;
        this.controls = iovs + (long)count * IOV_SIZE;
        this.memory = memory;
        this.messages = memory.asSlice(headers, (long)count * SysSocket.MMSGHDR_SIZE);
        for (int i = 0; i < count; i++)
        {
            final long message = headers + (long)i * SysSocket.MMSGHDR_SIZE;
            final long iov = iovs + (long)i * IOV_SIZE;
            memory.set(ValueLayout.JAVA_LONG, iov, memory.address() + (long)i * stride + SPARE);
            memory.set(ValueLayout.JAVA_LONG, iov + 8, stride - SPARE);
            memory.set(ValueLayout.JAVA_LONG, message + SysSocket.MSG_NAME_OFFSET,
                memory.address() + names + (long)i * NAME_SIZE);
            memory.set(ValueLayout.JAVA_LONG, message + SysSocket.MSG_IOV_OFFSET, memory.address() + iov);
            memory.set(ValueLayout.JAVA_LONG, message + SysSocket.MSG_IOVLEN_OFFSET, 1L);
            memory.set(ValueLayout.JAVA_LONG, message + SysSocket.MSG_CONTROL_OFFSET,
                memory.address() + controls + (long)i * CONTROL_SIZE);
            reset(message);
        }
        this.batch = new PacketBatch(batchLimit);
        this.counters = port.counters();
        this.roleName = "rx-" + port.name();
    }

    private void reset(final long message)
    {
        memory.set(ValueLayout.JAVA_INT, message + SysSocket.MSG_NAMELEN_OFFSET, (int)SOCKADDR_LL.byteSize());
        memory.set(ValueLayout.JAVA_LONG, message + SysSocket.MSG_CONTROLLEN_OFFSET, CONTROL_SIZE);
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        int moved = port.retryBlockedOutput();
        final Ingress ingress = port.workerIngress();
        final int portIndex = port.index();
        for (int round = 0; round < ROUNDS; round++)
        {
            final int received = SysSocket.recvmmsgOrErrno(fd, messages, count, SysSocket.MSG_DONTWAIT);
            if (received <= 0)
            {
                if (received != -ErrnoH.EAGAIN && received != -ErrnoH.EINTR && received != 0)
                {
                    errors++;
                }
                break;
            }
            batch.clear();
            for (int i = 0; i < received; i++)
            {
                take(i, portIndex);
            }
            if (batch.size() > 0 && ingress != null)
            {
                ingress.forward(batch);
            }
            moved += received;
            if (received < count)
            {
                break;
            }
        }
        return moved;
    }

    private void take(final int i, final int portIndex)
    {
        final long message = headers + (long)i * SysSocket.MMSGHDR_SIZE;
        final int received = memory.get(ValueLayout.JAVA_INT, message + SysSocket.MSG_LEN_OFFSET);
        final int flags = memory.get(ValueLayout.JAVA_INT, message + SysSocket.MSG_FLAGS_OFFSET);
        final long controlLength = memory.get(ValueLayout.JAVA_LONG, message + SysSocket.MSG_CONTROLLEN_OFFSET);
        reset(message);
        if (filterOutgoing && memory.get(ValueLayout.JAVA_BYTE, names + (long)i * NAME_SIZE + SLL_PKTTYPE_OFFSET)
            == PACKET_OUTGOING)
        {
            return;
        }
        final long buffer = (long)i * stride;
        long start = buffer + SPARE + (vnet ? VirtioNetHeader.LENGTH : 0);
        int length = received - (vnet ? VirtioNetHeader.LENGTH : 0);
        if ((flags & SysSocket.MSG_TRUNC) != 0 || length < 0)
        {
            drop(DropReason.TOO_BIG, Math.max(0, length));
            return;
        }
        final long vnetFirst = vnet ? memory.get(ValueLayout.JAVA_LONG_UNALIGNED, buffer + SPARE) : 0;
        final short vnetLast = vnet ? memory.get(ValueLayout.JAVA_SHORT_UNALIGNED, buffer + SPARE + 8) : 0;
        final long control = controls + (long)i * CONTROL_SIZE;
        int shift = 0;
        if (controlLength >= SysSocket.CMSG_DATA_OFFSET + AUXDATA_SIZE
            && memory.get(ValueLayout.JAVA_INT, control + SysSocket.CMSG_LEVEL_OFFSET) == SysSocket.SOL_PACKET
            && memory.get(ValueLayout.JAVA_INT, control + SysSocket.CMSG_TYPE_OFFSET) == PACKET_AUXDATA)
        {
            final long aux = control + SysSocket.CMSG_DATA_OFFSET;
            final int status = memory.get(ValueLayout.JAVA_INT, aux + AUXDATA_STATUS_OFFSET);
            if ((status & TP_STATUS_VLAN_VALID) != 0)
            {
                if (length < MAC_ADDRESSES_LENGTH)
                {
                    drop(DropReason.MALFORMED, length);
                    return;
                }
                // the kernel moved the 802.1Q tag into metadata: put it back in front of the EtherType
                final int tpid = (status & TP_STATUS_VLAN_TPID_VALID) != 0
                    ? memory.get(ValueLayout.JAVA_SHORT, aux + AUXDATA_VLAN_TPID_OFFSET) & 0xFFFF : 0x8100;
                final int tci = memory.get(ValueLayout.JAVA_SHORT, aux + AUXDATA_VLAN_TCI_OFFSET) & 0xFFFF;
                MemorySegment.copy(memory, start, memory, start - VLAN_TAG_LENGTH, MAC_ADDRESSES_LENGTH);
                start -= VLAN_TAG_LENGTH;
                memory.set(U16, start + MAC_ADDRESSES_LENGTH, (short)tpid);
                memory.set(U16, start + MAC_ADDRESSES_LENGTH + 2, (short)tci);
                length += VLAN_TAG_LENGTH;
                shift = VLAN_TAG_LENGTH;
            }
        }
        final int capacity = (int)(buffer + stride - start);
        if (vnetFirst != 0 || vnetLast != 0)
        {
            final int word = VirtioNetHeader.decode(vnetFirst, vnetLast, memory, start, length, shift);
            if (word == Offload.INVALID)
            {
                drop(DropReason.MALFORMED, length);
                return;
            }
            batch.add(memory, start, length, capacity, portIndex).offload(word);
            return;
        }
        batch.add(memory, start, length, capacity, portIndex);
    }

    private void drop(final DropReason reason, final int length)
    {
        counters.rx(1, length);
        counters.drop(reason, 1);
    }

    /** Receive calls that failed with something other than EAGAIN (e.g. the interface went away). */
    long errors()
    {
        return errors;
    }
}
