package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one frame in an off-heap buffer, plus the per-packet state every module shares.
 *
 * <p>Header offsets are parsed once, lazily, on the first header access, and shared by every
 * module that looks at the packet (SoftFlow §5.3). Metadata registers ({@link #metadata()},
 * {@link #stage()}, {@link #action()}, {@link #register(int)}, conntrack fields) start at zero for
 * every packet. All multi-byte header fields are read in network byte order.
 *
 * <pre>
 *  0            6            12         [14 or 18/22 with 802.1Q tags]
 *  +------------+------------+----------+----------------------+---------------+
 *  | dst MAC    | src MAC    | type/TPID| L3 (IPv4/IPv6/ARP)   | L4 (TCP/UDP)  |
 *  +------------+------------+----------+----------------------+---------------+
 * </pre>
 */
public final class Packet
{
    public static final int ETH_HEADER_LENGTH = 14;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    public static final int IPPROTO_ICMP = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_UDP = 17;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int NO_VLAN = -1;

    /** L3 header is shorter than its declared length or than the frame. */
    public static final int FLAG_L3_MALFORMED = 1;
    /** L4 header does not fit in the frame. */
    public static final int FLAG_L4_MALFORMED = 1 << 1;
    /** IP fragment (any: first or later). */
    public static final int FLAG_FRAGMENT = 1 << 2;
    /** IP fragment that is not the first: it carries no L4 header. */
    public static final int FLAG_LATER_FRAGMENT = 1 << 3;

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final int REGISTER_COUNT = 8;

    private MemorySegment segment;
    private long offset;
    private int length;
    private int capacity;
    private int ingressPort;

    /** L2 (VLAN tags, EtherType, L3 offset) parsed; a bridge needs no more. */
    private boolean parsedL2;
    /** L3/L4 parsed. */
    private boolean parsedL3;
    private int etherType;
    private int vlanId;
    private int vlanPcp;
    private int vlanTags;
    private int l3Offset;
    private int ipVersion;
    private int ipProto;
    private int l4Offset;
    private int parseFlags;

    private long metadata;
    private int stage;
    private int action;
    private int ctState;
    private int ctZone;
    private int ctMark;
    private int offload;
    /** Any metadata, register, drop reason or output was set since the last wrap (most packets: no). */
    private boolean dirty;
    private final long[] registers = new long[REGISTER_COUNT];
    private DropReason dropReason;
    private int[] outputs = new int[8];
    private int outputCount;

    /** Points the flyweight at a frame and clears all per-packet state. */
    public Packet wrap(final MemorySegment segment, final long offset, final int length, final int capacity,
        final int ingressPort)
    {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.capacity = capacity;
        this.ingressPort = ingressPort;
        this.parsedL2 = false;
        this.parsedL3 = false;
        if (dirty)
        {
            clearState();
        }
        return this;
    }

    private void clearState()
    {
        metadata = 0;
        stage = 0;
        action = 0;
        ctState = 0;
        ctZone = 0;
        ctMark = 0;
        offload = Offload.NONE;
        dropReason = null;
        outputCount = 0;
        java.util.Arrays.fill(registers, 0);
        dirty = false;
    }

    public MemorySegment segment()
    {
        return segment;
    }

    /** Offset of the first byte of the frame in {@link #segment()}. */
    public long offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** Shrinks or grows the frame within its buffer (for modules that trim or pad). */
    public Packet length(final int length)
    {
        if (length < 0 || length > capacity)
        {
            throw new IllegalArgumentException("length " + length + " outside 0.." + capacity);
        }
        this.length = length;
        parsedL2 = false;
        parsedL3 = false;
        return this;
    }

    /**
     * What the sending stack left to "hardware" for this frame (partial checksum, GSO): an
     * {@link Offload} word, {@link Offload#NONE} for an ordinary frame (the usual case).
     */
    public int offload()
    {
        return offload;
    }

    /** Sets the frame's {@link Offload} word (a port that receives offloaded frames, or a module that rewrites). */
    public Packet offload(final int word)
    {
        offload = word;
        dirty = true;
        return this;
    }

    /** Bytes the buffer can hold from {@link #offset()}. */
    public int capacity()
    {
        return capacity;
    }

    public int ingressPort()
    {
        return ingressPort;
    }

    // ---------------------------------------------------------------- raw access (network order)

    public int u8(final int at)
    {
        return segment.get(ValueLayout.JAVA_BYTE, offset + at) & 0xFF;
    }

    public int u16(final int at)
    {
        return segment.get(U16, offset + at) & 0xFFFF;
    }

    public int u32(final int at)
    {
        return segment.get(U32, offset + at);
    }

    public long u64(final int at)
    {
        return segment.get(U64, offset + at);
    }

    public Packet u8(final int at, final int value)
    {
        segment.set(ValueLayout.JAVA_BYTE, offset + at, (byte)value);
        return this;
    }

    public Packet u16(final int at, final int value)
    {
        segment.set(U16, offset + at, (short)value);
        return this;
    }

    public Packet u32(final int at, final int value)
    {
        segment.set(U32, offset + at, value);
        return this;
    }

    /** 48-bit MAC at {@code at}, as the low bits of a long. */
    public long mac(final int at)
    {
        return ((long)u16(at) << 32) | (u32(at + 2) & 0xFFFF_FFFFL);
    }

    public Packet mac(final int at, final long mac)
    {
        u16(at, (int)(mac >>> 32));
        return u32(at + 2, (int)mac);
    }

    // ---------------------------------------------------------------- L2

    /** Destination MAC (one 8-byte load; the frame holds at least the 14-byte header). */
    public long ethDst()
    {
        return u64(0) >>> 16;
    }

    /** Source MAC (one 8-byte load). */
    public long ethSrc()
    {
        return u64(6) >>> 16;
    }

    /** Whether the destination MAC is broadcast or multicast (group bit set). */
    public boolean ethDstIsGroup()
    {
        return (u8(0) & 1) != 0;
    }

    /** EtherType after any VLAN tags. */
    public int etherType()
    {
        parseL2();
        return etherType;
    }

    /** Outer VLAN id, or {@link #NO_VLAN}. */
    public int vlanId()
    {
        parseL2();
        return vlanId;
    }

    public int vlanPcp()
    {
        parseL2();
        return vlanPcp;
    }

    public int vlanTags()
    {
        parseL2();
        return vlanTags;
    }

    // ---------------------------------------------------------------- L3 / L4

    /** Offset of the L3 header from the frame start. */
    public int l3Offset()
    {
        parseL2();
        return l3Offset;
    }

    /** 4, 6, or 0 when the frame is not IP (or its IP header is malformed). */
    public int ipVersion()
    {
        parseL3();
        return ipVersion;
    }

    /** IP protocol / IPv6 next header after extension headers, or -1. */
    public int ipProto()
    {
        parseL3();
        return ipProto;
    }

    /** Offset of the L4 header, or -1 when absent (not IP, later fragment, malformed). */
    public int l4Offset()
    {
        parseL3();
        return l4Offset;
    }

    /** {@link #FLAG_L3_MALFORMED}, {@link #FLAG_L4_MALFORMED}, {@link #FLAG_FRAGMENT}... */
    public int parseFlags()
    {
        parseL3();
        return parseFlags;
    }

    public int ipv4Src()
    {
        return u32(l3Offset() + 12);
    }

    public int ipv4Dst()
    {
        return u32(l3Offset() + 16);
    }

    public long ipv6SrcHigh()
    {
        return u64(l3Offset() + 8);
    }

    public long ipv6SrcLow()
    {
        return u64(l3Offset() + 16);
    }

    public long ipv6DstHigh()
    {
        return u64(l3Offset() + 24);
    }

    public long ipv6DstLow()
    {
        return u64(l3Offset() + 32);
    }

    /** TCP/UDP source port, or -1 when there is no (whole) L4 header. */
    public int l4SrcPort()
    {
        final int l4 = l4Offset();
        return l4 < 0 || !hasPorts() ? -1 : u16(l4);
    }

    /** TCP/UDP destination port, or -1 when there is no (whole) L4 header. */
    public int l4DstPort()
    {
        final int l4 = l4Offset();
        return l4 < 0 || !hasPorts() ? -1 : u16(l4 + 2);
    }

    private boolean hasPorts()
    {
        return ipProto == IPPROTO_TCP || ipProto == IPPROTO_UDP;
    }

    /** Forgets parsed offsets, e.g. after a module rewrote headers (VLAN push/pop). */
    public Packet invalidateParse()
    {
        parsedL2 = false;
        parsedL3 = false;
        return this;
    }

    private void parseL2()
    {
        if (parsedL2)
        {
            return;
        }
        parsedL2 = true;
        vlanId = NO_VLAN;
        vlanPcp = 0;
        vlanTags = 0;
        if (length < ETH_HEADER_LENGTH)
        {
            etherType = 0;
            l3Offset = length;
            return;
        }
        int at = 12;
        int type = u16(at);
        while ((type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) && at + 6 <= length)
        {
            final int tci = u16(at + 2);
            if (vlanTags == 0)
            {
                vlanId = tci & 0x0FFF;
                vlanPcp = tci >>> 13;
            }
            vlanTags++;
            at += 4;
            type = u16(at);
        }
        etherType = type;
        l3Offset = at + 2;
    }

    private void parseL3()
    {
        if (parsedL3)
        {
            return;
        }
        parseL2();
        parsedL3 = true;
        parseFlags = 0;
        ipVersion = 0;
        ipProto = -1;
        l4Offset = -1;
        if (length < ETH_HEADER_LENGTH)
        {
            parseFlags = FLAG_L3_MALFORMED;
        }
        else if (etherType == ETHERTYPE_IPV4)
        {
            parseIpv4();
        }
        else if (etherType == ETHERTYPE_IPV6)
        {
            parseIpv6();
        }
    }

    private void parseIpv4()
    {
        final int l3 = l3Offset;
        if (l3 + 20 > length)
        {
            parseFlags |= FLAG_L3_MALFORMED;
            return;
        }
        // bytes l3..l3+7: version/IHL, TOS, total length, id; l3+8..: TTL, protocol (the frame holds 20)
        final long word0 = u64(l3);
        final int versionIhl = (int)(word0 >>> 56);
        final int ihl = (versionIhl & 0x0F) * 4;
        final int totalLength = (int)(word0 >>> 32) & 0xFFFF;
        if ((versionIhl >>> 4) != 4 || ihl < 20 || totalLength < ihl || l3 + totalLength > length)
        {
            parseFlags |= FLAG_L3_MALFORMED;
            return;
        }
        ipVersion = 4;
        ipProto = u8(l3 + 9);
        final int fragment = (int)word0 & 0xFFFF;
        final int fragmentOffset = fragment & 0x1FFF;
        final boolean moreFragments = (fragment & 0x2000) != 0;
        if (fragmentOffset != 0 || moreFragments)
        {
            parseFlags |= FLAG_FRAGMENT;
            if (fragmentOffset != 0)
            {
                parseFlags |= FLAG_LATER_FRAGMENT;
                return;
            }
        }
        setL4(l3 + ihl, l3 + totalLength);
    }

    private void parseIpv6()
    {
        final int l3 = l3Offset;
        if (l3 + 40 > length || (u8(l3) >>> 4) != 6)
        {
            parseFlags |= FLAG_L3_MALFORMED;
            return;
        }
        final int end = l3 + 40 + u16(l3 + 4);
        if (end > length)
        {
            parseFlags |= FLAG_L3_MALFORMED;
            return;
        }
        ipVersion = 6;
        int next = u8(l3 + 6);
        int at = l3 + 40;
        for (int hops = 0; hops < 8; hops++)
        {
            if (next == 0 || next == 43 || next == 60)
            {
                if (at + 8 > end)
                {
                    parseFlags |= FLAG_L4_MALFORMED;
                    ipProto = next;
                    return;
                }
                final int extNext = u8(at);
                at += (u8(at + 1) + 1) * 8;
                next = extNext;
            }
            else if (next == 44)
            {
                if (at + 8 > end)
                {
                    parseFlags |= FLAG_L4_MALFORMED;
                    ipProto = next;
                    return;
                }
                parseFlags |= FLAG_FRAGMENT;
                final int extNext = u8(at);
                final int fragmentOffset = u16(at + 2) >>> 3;
                at += 8;
                next = extNext;
                if (fragmentOffset != 0)
                {
                    parseFlags |= FLAG_LATER_FRAGMENT;
                    ipProto = next;
                    return;
                }
            }
            else
            {
                break;
            }
        }
        ipProto = next;
        setL4(at, end);
    }

    private void setL4(final int l4, final int end)
    {
        final int need;
        switch (ipProto)
        {
            case IPPROTO_TCP -> need = 20;
            case IPPROTO_UDP -> need = 8;
            case IPPROTO_ICMP, IPPROTO_ICMPV6 -> need = 4;
            default -> need = 0;
        }
        if (l4 + need > end)
        {
            parseFlags |= FLAG_L4_MALFORMED;
            return;
        }
        if (ipProto == IPPROTO_TCP && l4 + ((u8(l4 + 12) >>> 4) * 4) > end)
        {
            parseFlags |= FLAG_L4_MALFORMED;
            return;
        }
        l4Offset = l4;
    }

    // ---------------------------------------------------------------- metadata registers

    /** OpenFlow metadata / SoftFlow sf_metadata. */
    public long metadata()
    {
        return metadata;
    }

    public Packet metadata(final long value)
    {
        metadata = value;
        dirty = true;
        return this;
    }

    /** SoftFlow sf_stage: how many stateful actions the packet has been through. */
    public int stage()
    {
        return stage;
    }

    public Packet stage(final int value)
    {
        stage = value;
        dirty = true;
        return this;
    }

    /** SoftFlow sf_action / free-form action register. */
    public int action()
    {
        return action;
    }

    public Packet action(final int value)
    {
        action = value;
        dirty = true;
        return this;
    }

    /** General-purpose registers 0..7 (OpenFlow reg0..reg7 / xreg). */
    public long register(final int index)
    {
        return registers[index];
    }

    public Packet register(final int index, final long value)
    {
        registers[index] = value;
        dirty = true;
        return this;
    }

    public int ctState()
    {
        return ctState;
    }

    public Packet ctState(final int value)
    {
        ctState = value;
        dirty = true;
        return this;
    }

    public int ctZone()
    {
        return ctZone;
    }

    public Packet ctZone(final int value)
    {
        ctZone = value;
        dirty = true;
        return this;
    }

    public int ctMark()
    {
        return ctMark;
    }

    public Packet ctMark(final int value)
    {
        ctMark = value;
        dirty = true;
        return this;
    }

    // ---------------------------------------------------------------- decision side channels

    /** The reason a logic gives when it returns DROP; {@code null} means {@link DropReason#NO_ROUTE}. */
    public DropReason dropReason()
    {
        return dropReason;
    }

    public Packet dropReason(final DropReason reason)
    {
        dropReason = reason;
        dirty = true;
        return this;
    }

    /** Adds an output port for a {@link SwitchLogic#MULTIPLE} decision. */
    public Packet addOutput(final int port)
    {
        if (outputCount == outputs.length)
        {
            outputs = java.util.Arrays.copyOf(outputs, outputCount * 2);
        }
        outputs[outputCount++] = port;
        dirty = true;
        return this;
    }

    public int[] outputs()
    {
        return outputs;
    }

    public int outputCount()
    {
        return outputCount;
    }

    public Packet clearOutputs()
    {
        outputCount = 0;
        return this;
    }

    @Override
    public String toString()
    {
        return "Packet{len=" + length + ", in=" + ingressPort + "}";
    }
}
