package net.vswitch.ports.tunnel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import net.vswitch.fabric.DropReason;
import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.NetinetIn;
import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.SysSocketMmsg;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.PortSpec.TunnelProtocol;
import net.vswitch.ports.linux.PollIdleStrategy;
import net.vswitch.ports.linux.PortWorker;
import org.agrona.concurrent.Agent;

/**
 * The UDP socket that receives for every tunnel port with the same namespace, local address, UDP port
 * and IP family, with one RX worker ({@code rx-tunnel-PORT}) that reads batches with
 * {@code recvmmsg(2)}, sleeps in {@code poll(2)} when idle, and demultiplexes each datagram by source
 * address and VNI to an attached {@link TunnelPort}. A datagram nobody claims is dropped and charged to
 * a port on the socket: {@code tunnel_unknown_remote} to the first attached port, {@code
 * tunnel_unknown_vni} and header errors to the first port of that remote. Shared by reference count:
 * {@link #acquire} opens or reuses, {@link #release} closes with the last user.
 */
final class UnderlaySocket implements Agent
{
    static final int BATCH = 64;
    static final int SLOT_SIZE = 4096;
    private static final long NAME_SIZE = 32;
    private static final int POLL_TIMEOUT_MILLIS = 100;
    private static final Map<Key, UnderlaySocket> OPEN = new HashMap<>();

    /** What makes two tunnel ports share a socket. */
    record Key(String netns, InetAddress local, int port, boolean ipv6)
    {
    }

    private final Key key;
    private final TunnelProtocol protocol;
    private final int fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffers;
    private final MemorySegment names;
    private final MemorySegment iovecs;
    private final MemorySegment msgs;
    private final TunnelHeader header = new TunnelHeader();
    private final PollIdleStrategy idle;
    private final AtomicLong cycles = new AtomicLong();
    private final String roleName;
    private final int addressLength;
    private final int[] touched = new int[BATCH];
    private volatile TunnelPort[] ports = new TunnelPort[0];
    private volatile long unclaimed;
    private volatile long receiveErrors;
    private PortWorker worker;
    private int users;

    private UnderlaySocket(final Key key, final TunnelProtocol protocol, final int fd)
    {
        this.key = key;
        this.protocol = protocol;
        this.fd = fd;
        this.addressLength = key.ipv6() ? 16 : 4;
        this.buffers = arena.allocate((long)BATCH * SLOT_SIZE, 64);
        this.names = arena.allocate(BATCH * NAME_SIZE, 8);
        this.iovecs = arena.allocate(BATCH * SysSocketMmsg.IOVEC_SIZE, 8);
        this.msgs = arena.allocate(BATCH * SysSocketMmsg.MMSGHDR_SIZE, 8);
        this.idle = new PollIdleStrategy(fd, POLL_TIMEOUT_MILLIS, 0);
        this.roleName = "rx-tunnel-" + key.port();
        for (int i = 0; i < BATCH; i++)
        {
            final long msg = i * SysSocketMmsg.MMSGHDR_SIZE;
            final long iov = i * SysSocketMmsg.IOVEC_SIZE;
            iovecs.set(ValueLayout.ADDRESS, iov + SysSocketMmsg.IOV_BASE, buffers.asSlice((long)i * SLOT_SIZE, 0));
            iovecs.set(ValueLayout.JAVA_LONG, iov + SysSocketMmsg.IOV_LEN, SLOT_SIZE);
            msgs.set(ValueLayout.ADDRESS, msg + SysSocketMmsg.MSG_NAME, names.asSlice(i * NAME_SIZE, 0));
            msgs.set(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_NAMELEN, (int)NAME_SIZE);
            msgs.set(ValueLayout.ADDRESS, msg + SysSocketMmsg.MSG_IOV, iovecs.asSlice(iov, 0));
            msgs.set(ValueLayout.JAVA_LONG, msg + SysSocketMmsg.MSG_IOVLEN, 1);
            msgs.set(ValueLayout.JAVA_LONG, msg + SysSocketMmsg.MSG_CONTROLLEN, 0);
            msgs.set(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_FLAGS, 0);
        }
    }

    /**
     * Opens the socket for {@code key} (binding it to the local address and port) or returns the open one.
     *
     * @throws IllegalArgumentException if the socket serves another protocol
     * @throws IllegalStateException    naming the address when the socket cannot be opened or bound
     */
    static synchronized UnderlaySocket acquire(final Key key, final TunnelProtocol protocol)
    {
        UnderlaySocket socket = OPEN.get(key);
        if (socket == null)
        {
            socket = new UnderlaySocket(key, protocol, open(key));
            socket.worker = PortWorker.start(socket, socket.idle);
            OPEN.put(key, socket);
        }
        else if (socket.protocol != protocol)
        {
            throw new IllegalArgumentException("UDP port " + key.port() + " on " + where(key) + " already carries "
                + socket.protocol.label() + " tunnels; a " + protocol.label() + " port needs another dstport");
        }
        socket.users++;
        return socket;
    }

    private static String where(final Key key)
    {
        return (key.local() == null ? (key.ipv6() ? "[::]" : "0.0.0.0") : key.local().getHostAddress())
            + (key.netns() == null ? "" : " in netns " + key.netns());
    }

    private static int open(final Key key)
    {
        return Netns.open(key.netns(), () ->
        {
            final int family = key.ipv6() ? NetinetIn.AF_INET6 : SysSocket.AF_INET;
            final int fd = SysSocket.socket(family,
                SysSocket.SOCK_DGRAM | SysSocket.SOCK_NONBLOCK | SysSocket.SOCK_CLOEXEC, 0);
            try (Arena local = Arena.ofConfined())
            {
                final MemorySegment value = local.allocate(ValueLayout.JAVA_INT);
                if (key.ipv6())
                {
                    value.set(ValueLayout.JAVA_INT, 0, 1);
                    SysSocket.setsockopt(fd, NetinetIn.IPPROTO_IPV6, NetinetIn.IPV6_V6ONLY, value, "IPV6_V6ONLY");
                }
                value.set(ValueLayout.JAVA_INT, 0, 4 << 20);
                SysSocket.setsockoptOrErrno(fd, SysSocket.SOL_SOCKET, SysSocket.SO_RCVBUF, value);
                final byte[] address = key.local() != null ? key.local().getAddress() : new byte[key.ipv6() ? 16 : 4];
                final MemorySegment name = local.allocate(NAME_SIZE, 8);
                final int length = NetinetIn.sockaddr(name, address, key.port());
                SysSocket.bind(fd, name.asSlice(0, length));
                return fd;
            }
            catch (final NativeException ex)
            {
                Unistd.closeOrErrno(fd);
                throw new IllegalStateException("cannot open the tunnel socket on UDP " + where(key) + " port "
                    + key.port() + ": " + ex.getMessage(), ex);
            }
        });
    }

    /** Drops a user; the last one closes the socket and stops its worker. */
    void release()
    {
        synchronized (UnderlaySocket.class)
        {
            if (--users > 0)
            {
                return;
            }
            OPEN.remove(key);
        }
        worker.stop();
        idle.close();
        Unistd.closeOrErrno(fd);
        arena.close();
    }

    /** Starts delivering {@code port}'s datagrams to it (the port was attached). */
    synchronized void register(final TunnelPort port)
    {
        final TunnelPort[] next = Arrays.copyOf(ports, ports.length + 1);
        next[next.length - 1] = port;
        ports = next;
    }

    /**
     * Stops delivering to {@code port} and waits until the worker no longer uses it, so that after
     * this returns no thread of this socket touches the port (the fabric's detach contract).
     */
    synchronized void unregister(final TunnelPort port)
    {
        final TunnelPort[] current = ports;
        final TunnelPort[] next = new TunnelPort[Math.max(0, current.length - 1)];
        int n = 0;
        for (final TunnelPort candidate : current)
        {
            if (candidate != port && n < next.length)
            {
                next[n++] = candidate;
            }
        }
        ports = Arrays.copyOf(next, n);
        if (Thread.currentThread().getName().equals(roleName))
        {
            return;
        }
        final long seen = cycles.get();
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (cycles.get() <= seen && System.nanoTime() < deadline)
        {
            idle.wake();
            LockSupport.parkNanos(100_000);
        }
    }

    /** Datagrams no attached port could be charged with (no port attached yet). */
    long unclaimed()
    {
        return unclaimed;
    }

    /** recvmmsg failures other than EAGAIN. */
    long receiveErrors()
    {
        return receiveErrors;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        final TunnelPort[] attached = ports;
        for (int i = 0; i < BATCH; i++)
        {
            // the kernel overwrites the name length and flags of every message it fills
            final long msg = i * SysSocketMmsg.MMSGHDR_SIZE;
            msgs.set(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_NAMELEN, (int)NAME_SIZE);
            msgs.set(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_FLAGS, 0);
        }
        final int received = SysSocketMmsg.recvmmsgOrErrno(fd, msgs, BATCH, SysSocket.MSG_DONTWAIT);
        if (received <= 0)
        {
            if (received < 0 && received != -ErrnoH.EAGAIN && received != -ErrnoH.EINTR)
            {
                receiveErrors = receiveErrors + 1;
            }
            cycles.incrementAndGet();
            return 0;
        }
        int touchedCount = 0;
        for (int i = 0; i < received; i++)
        {
            touchedCount = demux(attached, i, touchedCount);
        }
        for (int t = 0; t < touchedCount; t++)
        {
            attached[touched[t]].forwardReceived();
        }
        cycles.incrementAndGet();
        return received;
    }

    private int demux(final TunnelPort[] attached, final int i, final int touchedCount)
    {
        final long msg = i * SysSocketMmsg.MMSGHDR_SIZE;
        final int length = msgs.get(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_LEN);
        final int flags = msgs.get(ValueLayout.JAVA_INT, msg + SysSocketMmsg.MSG_FLAGS);
        final long name = i * NAME_SIZE;
        final long addressAt = name + (addressLength == 4 ? 4 : 8);
        int firstOfRemote = -1;
        for (int p = 0; p < attached.length; p++)
        {
            if (attached[p].remoteIs(names, addressAt))
            {
                firstOfRemote = p;
                break;
            }
        }
        if (firstOfRemote < 0)
        {
            return charge(attached, 0, DropReason.TUNNEL_UNKNOWN_REMOTE, length, touchedCount);
        }
        if ((flags & SysSocketMmsg.MSG_TRUNC) != 0)
        {
            return charge(attached, firstOfRemote, DropReason.TOO_BIG, length, touchedCount);
        }
        final long offset = (long)i * SLOT_SIZE;
        final DropReason reason = header.decode(protocol, buffers, offset, length);
        if (reason != null)
        {
            return charge(attached, firstOfRemote, reason, length, touchedCount);
        }
        final int vni = header.vni();
        for (int p = firstOfRemote; p < attached.length; p++)
        {
            final TunnelPort port = attached[p];
            if (port.vni() == vni && port.remoteIs(names, addressAt))
            {
                final boolean first = port.received(buffers, offset + header.innerOffset(),
                    length - header.innerOffset(), SLOT_SIZE - header.innerOffset());
                if (first)
                {
                    touched[touchedCount] = p;
                    return touchedCount + 1;
                }
                return touchedCount;
            }
        }
        return charge(attached, firstOfRemote, DropReason.TUNNEL_UNKNOWN_VNI, length, touchedCount);
    }

    private int charge(final TunnelPort[] attached, final int p, final DropReason reason, final int length,
        final int touchedCount)
    {
        if (attached.length == 0)
        {
            unclaimed = unclaimed + 1;
        }
        else
        {
            attached[p].rejected(reason, length);
        }
        return touchedCount;
    }
}
