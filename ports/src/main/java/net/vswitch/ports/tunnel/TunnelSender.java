package net.vswitch.ports.tunnel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Ring;
import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.NetinetIn;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.SysSocketMmsg;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.PortSpec;

/**
 * The transmit side of one tunnel port: a raw IP socket of protocol UDP, so that the kernel still
 * routes, resolves neighbours and writes the outer IP header (with the DF bit and TTL this sender set)
 * while we choose the outer UDP source port per inner flow ({@link FlowHash}), which a bound UDP socket
 * could not. Each frame leaves as two iovecs, an 16-byte UDP + tunnel header and the frame straight from
 * the output ring, in {@code sendmmsg(2)} batches. IPv4 sends a zero UDP checksum (RFC 7348 §5); for
 * IPv6 the kernel fills it in ({@code IPV6_CHECKSUM}). A drop-all socket filter keeps the raw socket from
 * queueing copies of the host's UDP traffic. Single-threaded: the port's drain lock holder calls it.
 */
final class TunnelSender
{
    static final int HEADER = 8 + TunnelHeader.BASE_LENGTH;
    private static final int BATCH = 64;
    private static final ValueLayout.OfShort NET_SHORT =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final PortSpec.Tunnel spec;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment remote;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment msgs;
    private final MemorySegment[] msgsFrom = new MemorySegment[BATCH];
    private final int maxFrame;
    private long encapsulated;
    private int lastErrno;

    TunnelSender(final PortSpec.Tunnel spec)
    {
        this.spec = spec;
        final boolean ipv6 = spec.remote().getAddress().length == 16;
        this.maxFrame = spec.mtu() - (ipv6 ? 40 : 20) - HEADER;
        this.fd = Netns.open(spec.netns(), () -> openRaw(spec, ipv6));
        try
        {
            this.remote = arena.allocate(32, 8);
            final int remoteLength = NetinetIn.sockaddr(remote, spec.remote().getAddress(), 0);
            this.headers = arena.allocate((long)BATCH * HEADER, 8);
            this.iovecs = arena.allocate(BATCH * 2 * SysSocketMmsg.IOVEC_SIZE, 8);
            this.msgs = arena.allocate(BATCH * SysSocketMmsg.MMSGHDR_SIZE, 8);
            for (int i = 0; i < BATCH; i++)
            {
                final long msg = i * SysSocketMmsg.MMSGHDR_SIZE;
                final long iov = i * 2 * SysSocketMmsg.IOVEC_SIZE;
                iovecs.set(ValueLayout.ADDRESS, iov + SysSocketMmsg.IOV_BASE, headers.asSlice((long)i * HEADER, 0));
                iovecs.set(ValueLayout.JAVA_LONG, iov + SysSocketMmsg.IOV_LEN, HEADER);
                msgs.set(ValueLayout.ADDRESS, msg + SysSocketMmsg.MSG_NAME, remote);
                msgs.set(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_NAMELEN, remoteLength);
                msgs.set(ValueLayout.ADDRESS, msg + SysSocketMmsg.MSG_IOV, iovecs.asSlice(iov, 0));
                msgs.set(ValueLayout.JAVA_LONG, msg + SysSocketMmsg.MSG_IOVLEN, 2);
                final long header = (long)i * HEADER;
                headers.set(NET_SHORT, header + 2, (short)spec.dstport());
                TunnelHeader.encode(spec.protocol(), headers, header + 8, spec.vni());
                msgsFrom[i] = msgs.asSlice(msg);
            }
        }
        catch (final RuntimeException ex)
        {
            Unistd.closeOrErrno(fd);
            arena.close();
            throw ex;
        }
    }

    private static int openRaw(final PortSpec.Tunnel spec, final boolean ipv6)
    {
        final int family = ipv6 ? NetinetIn.AF_INET6 : SysSocket.AF_INET;
        final int fd = SysSocket.socket(family, SysSocket.SOCK_RAW | SysSocket.SOCK_NONBLOCK | SysSocket.SOCK_CLOEXEC,
            NetinetIn.IPPROTO_UDP);
        try (Arena local = Arena.ofConfined())
        {
            final MemorySegment value = local.allocate(ValueLayout.JAVA_INT);
            // classic BPF "ret #0": this socket only sends
            final MemorySegment filter = local.allocate(8, 8);
            filter.set(ValueLayout.JAVA_SHORT, 0, (short)0x06);
            final MemorySegment program = local.allocate(16, 8);
            program.set(ValueLayout.JAVA_SHORT, 0, (short)1);
            program.set(ValueLayout.ADDRESS, 8, filter);
            SysSocket.setsockopt(fd, SysSocket.SOL_SOCKET, NetinetIn.SO_ATTACH_FILTER, program, "SO_ATTACH_FILTER");
            value.set(ValueLayout.JAVA_INT, 0, 4 << 20);
            SysSocket.setsockoptOrErrno(fd, SysSocket.SOL_SOCKET, SysSocket.SO_SNDBUF, value);
            if (ipv6)
            {
                value.set(ValueLayout.JAVA_INT, 0, 6);
                SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_CHECKSUM, value, "IPV6_CHECKSUM");
                value.set(ValueLayout.JAVA_INT, 0, NetinetIn.IP_PMTUDISC_DO);
                SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_MTU_DISCOVER, value,
                    "IPV6_MTU_DISCOVER");
                if (spec.ttl() != 0)
                {
                    value.set(ValueLayout.JAVA_INT, 0, spec.ttl());
                    SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_UNICAST_HOPS, value,
                        "IPV6_UNICAST_HOPS");
                }
            }
            else
            {
                value.set(ValueLayout.JAVA_INT, 0, spec.df() ? NetinetIn.IP_PMTUDISC_DO : NetinetIn.IP_PMTUDISC_DONT);
                SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IP, NetinetIn.IP_MTU_DISCOVER, value, "IP_MTU_DISCOVER");
                if (spec.ttl() != 0)
                {
                    value.set(ValueLayout.JAVA_INT, 0, spec.ttl());
                    SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IP, NetinetIn.IP_TTL, value, "IP_TTL");
                }
            }
            if (spec.local() != null)
            {
                final MemorySegment name = local.allocate(32, 8);
                final int length = NetinetIn.sockaddr(name, spec.local().getAddress(), 0);
                SysSocket.bind(fd, name.asSlice(0, length));
            }
            return fd;
        }
        catch (final NativeException ex)
        {
            Unistd.closeOrErrno(fd);
            throw new IllegalStateException("cannot open the raw send socket of tunnel " + spec.text() + ": "
                + ex.getMessage() + (ex.getMessage().contains("not permitted") ? " (needs CAP_NET_RAW)" : ""), ex);
        }
    }

    /** Frames sent so far. */
    long encapsulated()
    {
        return encapsulated;
    }

    /** The errno of the last refused send (0 when none). */
    int lastErrno()
    {
        return lastErrno;
    }

    /** Encapsulates and sends ring slots {@code [ring.head(), tail)}, advancing the head; returns frames sent. */
    int send(final Ring ring, final long tail, final MemorySegment[] slots, final PortCounters counters)
    {
        final int mask = ring.mask();
        long head = ring.head();
        int sent = 0;
        long tooBig = 0;
        long errors = 0;
        while (head != tail)
        {
            int count = 0;
            while (head != tail && count < BATCH)
            {
                final int length = ring.slotLength(head);
                final MemorySegment frame = slots[(int)(head & mask)];
                head++;
                if (length <= 0)
                {
                    continue;
                }
                if (length > maxFrame)
                {
                    tooBig++;
                    continue;
                }
                final long header = (long)count * HEADER;
                headers.set(NET_SHORT, header, (short)FlowHash.sourcePort(frame, 0, length));
                headers.set(NET_SHORT, header + 4, (short)(HEADER + length));
                headers.set(NET_SHORT, header + 6, (short)0);
                final long iov = (count * 2L + 1) * SysSocketMmsg.IOVEC_SIZE;
                iovecs.set(ValueLayout.ADDRESS, iov + SysSocketMmsg.IOV_BASE, frame);
                iovecs.set(ValueLayout.JAVA_LONG, iov + SysSocketMmsg.IOV_LEN, length);
                count++;
            }
            int done = 0;
            while (done < count)
            {
                final int result = SysSocketMmsg.sendmmsgOrErrno(fd,
                    msgsFrom[done], count - done, 0);
                if (result > 0)
                {
                    done += result;
                    sent += result;
                    continue;
                }
                lastErrno = -result;
                if (result == -ErrnoH.EMSGSIZE)
                {
                    tooBig++;
                    done++;
                }
                else if (result == -ErrnoH.EAGAIN || result == -ErrnoH.ENOBUFS)
                {
                    // the socket buffer is full: what is left of this batch is lost, as on a full NIC ring
                    errors += count - done;
                    done = count;
                }
                else
                {
                    errors++;
                    done++;
                }
            }
        }
        ring.head(head);
        encapsulated += sent;
        if (tooBig != 0)
        {
            counters.drop(DropReason.TUNNEL_MTU, tooBig);
        }
        if (errors != 0)
        {
            counters.drop(DropReason.TX_ERROR, errors);
        }
        return sent;
    }

    void close()
    {
        Unistd.closeOrErrno(fd);
        arena.close();
    }
}
