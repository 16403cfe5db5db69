package net.vswitch.ports.afpacket;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import net.vswitch.natives.Errno;
import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.LinuxIfEther;
import net.vswitch.natives.libc.SysMman;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.linux.Interfaces;
import net.vswitch.ports.linux.VirtioNetHeader;

import static net.vswitch.natives.libc.LinuxIfPacket.*;

/**
 * An AF_PACKET socket bound to one interface with PACKET_MMAP rings: an RX ring followed by a TX
 * ring in one mapping, both in the configured TPACKET format. Set up in the order that keeps it
 * clean: options and rings first, bind (which starts capture) last, so nothing from other
 * interfaces is ever queued.
 */
final class AfPacketSocket implements AutoCloseable
{
    private static final int PAGE = 4096;
    /** Socket receive buffer without an RX ring (the kernel doubles it for its bookkeeping). */
    static final int RECEIVE_BUFFER_BYTES = 8 << 20;
    /** Room a TX frame needs before the Ethernet frame: the tpacket header and the virtio-net header. */
    static final int TX_HEADER_ROOM = (int)Math.max(TPACKET3_TX_DATA_OFFSET, TPACKET2_TX_DATA_OFFSET)
        + VirtioNetHeader.LENGTH;

    private final String ifname;
    private final int ifindex;
    private final int mtu;
    private final int fd;
    private final MemorySegment mapping;
    private final MemorySegment rx;
    private final MemorySegment tx;
    private final boolean qdiscBypass;
    private final boolean ignoreOutgoing;
    private final AfPacketConfig config;
    private final int rxFrameSize;
    private boolean closed;

    private AfPacketSocket(final String ifname, final int ifindex, final int mtu, final int fd,
        final MemorySegment mapping, final long rxSize, final boolean qdiscBypass, final boolean ignoreOutgoing,
        final AfPacketConfig config, final int rxFrameSize)
    {
        this.config = config;
        this.rxFrameSize = rxFrameSize;
        this.ifname = ifname;
        this.ifindex = ifindex;
        this.mtu = mtu;
        this.fd = fd;
        this.mapping = mapping;
        this.rx = mapping.asSlice(0, rxSize);
        this.tx = mapping.asSlice(rxSize);
        this.qdiscBypass = qdiscBypass;
        this.ignoreOutgoing = ignoreOutgoing;
    }

    /**
     * Opens the socket on {@code ifname}.
     *
     * @throws IllegalArgumentException when there is no such interface
     * @throws IllegalStateException    naming the interface and the failed call otherwise
     */
    static AfPacketSocket open(final String ifname, final AfPacketConfig requested)
    {
        final int ifindex = Interfaces.index(ifname);
        final int mtu = Interfaces.mtu(ifname);
        final AfPacketConfig config = requested.fitTo(mtu, TX_HEADER_ROOM);
        int fd = -1;
        MemorySegment mapping = null;
        try (Arena arena = Arena.ofConfined())
        {
            fd = SysSocket.socket(SysSocket.AF_PACKET, SysSocket.SOCK_RAW | SysSocket.SOCK_CLOEXEC, 0);
            final MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            setInt(fd, value, PACKET_VERSION, config.version().value(), "PACKET_VERSION");
            // optional: older kernels lack them; outgoing frames are then skipped by sll_pkttype
            final boolean bypass = trySetInt(fd, value, PACKET_QDISC_BYPASS, 1);
            final boolean ignoreOutgoing = trySetInt(fd, value, PACKET_IGNORE_OUTGOING, 1);
            // a frame the kernel cannot send is skipped instead of wedging the TX ring
            setInt(fd, value, PACKET_LOSS, 1, "PACKET_LOSS");
            if (config.offloads())
            {
                // before the rings: the kernel sizes their frames' headroom by it
                setInt(fd, value, PACKET_VNET_HDR, 1, "PACKET_VNET_HDR");
            }

            final MemorySegment req = arena.allocate(TPACKET_REQ3);
            final int frameSize = config.rxFrameSize(mtu);
            if (config.rxRing())
            {
                req.set(ValueLayout.JAVA_INT, REQ3_BLOCK_SIZE_OFFSET, config.blockSize());
                req.set(ValueLayout.JAVA_INT, REQ3_BLOCK_NR_OFFSET, config.blockCount());
                req.set(ValueLayout.JAVA_INT, REQ3_FRAME_SIZE_OFFSET, frameSize);
                req.set(ValueLayout.JAVA_INT, REQ3_FRAME_NR_OFFSET,
                    config.blockSize() / frameSize * config.blockCount());
                req.set(ValueLayout.JAVA_INT, REQ3_RETIRE_BLK_TOV_OFFSET, config.blockTimeoutMillis());
                SysSocket.setsockopt(fd, SysSocket.SOL_PACKET, PACKET_RX_RING, req, "PACKET_RX_RING");
            }
            else
            {
                // recvmmsg: VLAN tags come as control messages; bursts wait in a large receive buffer
                setInt(fd, value, PACKET_AUXDATA, 1, "PACKET_AUXDATA");
                value.set(ValueLayout.JAVA_INT, 0, RECEIVE_BUFFER_BYTES);
                if (SysSocket.setsockoptOrErrno(fd, SysSocket.SOL_SOCKET, SysSocket.SO_RCVBUFFORCE, value) < 0)
                {
                    SysSocket.setsockopt(fd, SysSocket.SOL_SOCKET, SysSocket.SO_RCVBUF, value, "SO_RCVBUF");
                }
            }

            final int txBlockSize = Math.max(PAGE, config.txFrameSize());
            final int txBlocks = (int)((long)config.txFrameSize() * config.txFrames() / txBlockSize);
            req.fill((byte)0);
            req.set(ValueLayout.JAVA_INT, REQ3_BLOCK_SIZE_OFFSET, txBlockSize);
            req.set(ValueLayout.JAVA_INT, REQ3_BLOCK_NR_OFFSET, txBlocks);
            req.set(ValueLayout.JAVA_INT, REQ3_FRAME_SIZE_OFFSET, config.txFrameSize());
            req.set(ValueLayout.JAVA_INT, REQ3_FRAME_NR_OFFSET, config.txFrames());
            SysSocket.setsockopt(fd, SysSocket.SOL_PACKET, PACKET_TX_RING, req, "PACKET_TX_RING");

            final long rxSize = config.rxRing() ? (long)config.blockSize() * config.blockCount() : 0;
            final long txSize = (long)config.txFrameSize() * config.txFrames();
            mapping = SysMman.mmap(rxSize + txSize, SysMman.PROT_READ | SysMman.PROT_WRITE,
                SysMman.MAP_SHARED | SysMman.MAP_POPULATE, fd, 0);

            final MemorySegment address = arena.allocate(SOCKADDR_LL);
            address.set(ValueLayout.JAVA_SHORT, SLL_FAMILY_OFFSET, (short)SysSocket.AF_PACKET);
            address.set(ValueLayout.JAVA_SHORT, SLL_PROTOCOL_OFFSET, LinuxIfEther.htons(LinuxIfEther.ETH_P_ALL));
            address.set(ValueLayout.JAVA_INT, SLL_IFINDEX_OFFSET, ifindex);
            SysSocket.bind(fd, address);

            final MemorySegment mreq = arena.allocate(PACKET_MREQ);
            mreq.set(ValueLayout.JAVA_INT, MR_IFINDEX_OFFSET, ifindex);
            mreq.set(ValueLayout.JAVA_SHORT, MR_TYPE_OFFSET, (short)PACKET_MR_PROMISC);
            SysSocket.setsockopt(fd, SysSocket.SOL_PACKET, PACKET_ADD_MEMBERSHIP, mreq, "PACKET_ADD_MEMBERSHIP");
            return new AfPacketSocket(ifname, ifindex, mtu, fd, mapping, rxSize, bypass, ignoreOutgoing, config,
                frameSize);
        }
        catch (final NativeException ex)
        {
            if (mapping != null)
            {
                SysMman.munmap(mapping);
            }
            if (fd >= 0)
            {
                Unistd.closeOrErrno(fd);
            }
            final String hint = ex.errno() == ErrnoH.EPERM ? " (needs root or CAP_NET_RAW)" : "";
            throw new IllegalStateException("afpacket:" + ifname + ": " + ex.getMessage() + hint, ex);
        }
    }

    private static void setInt(final int fd, final MemorySegment value, final int option, final int setting,
        final String name)
    {
        value.set(ValueLayout.JAVA_INT, 0, setting);
        SysSocket.setsockopt(fd, SysSocket.SOL_PACKET, option, value, name);
    }

    private static boolean trySetInt(final int fd, final MemorySegment value, final int option, final int setting)
    {
        value.set(ValueLayout.JAVA_INT, 0, setting);
        final int result = SysSocket.setsockoptOrErrno(fd, SysSocket.SOL_PACKET, option, value);
        if (result == -ErrnoH.ENOPROTOOPT || result == -ErrnoH.EINVAL)
        {
            return false;
        }
        if (result < 0)
        {
            throw Errno.exception("setsockopt(" + option + ")", -result);
        }
        return true;
    }

    /** The shape the socket was opened with (the requested one grown to fit the interface's MTU). */
    AfPacketConfig config()
    {
        return config;
    }

    /** TPACKET_V2 RX frame size. */
    int rxFrameSize()
    {
        return rxFrameSize;
    }

    String ifname()
    {
        return ifname;
    }

    int ifindex()
    {
        return ifindex;
    }

    int mtu()
    {
        return mtu;
    }

    int fd()
    {
        return fd;
    }

    MemorySegment rx()
    {
        return rx;
    }

    MemorySegment tx()
    {
        return tx;
    }

    boolean qdiscBypass()
    {
        return qdiscBypass;
    }

    boolean ignoreOutgoing()
    {
        return ignoreOutgoing;
    }

    /**
     * Kernel counters since the last call (reading resets them): {@code [packets, drops]}; drops are
     * frames lost because every RX block was still held by the switch.
     */
    long[] statistics()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment stats = arena.allocate(TPACKET_STATS_V3);
            final MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            SysSocket.getsockopt(fd, SysSocket.SOL_PACKET, PACKET_STATISTICS, stats, length, "PACKET_STATISTICS");
            return new long[] {
                Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, STATS_PACKETS_OFFSET)),
                Integer.toUnsignedLong(stats.get(ValueLayout.JAVA_INT, STATS_DROPS_OFFSET))};
        }
    }

    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            SysMman.munmap(mapping);
            Unistd.closeOrErrno(fd);
        }
    }
}
