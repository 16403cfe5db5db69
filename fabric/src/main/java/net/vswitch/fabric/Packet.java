package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight over one frame in an off-heap buffer, plus the per-packet state every module shares.
 * The headers have flyweights of their own ({@link #ethernet()}, {@link #ipv4()}, {@link #ipv6()},
 * {@link #transport()}, {@link #arp()}), which also hold the parsers; the packet keeps the buffer, the
 * parse-once offsets, the metadata registers and the decision side channels.
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

    /** The batch this flyweight belongs to and its place in it ({@code null}, -1 for a standalone one). */
    private final PacketBatch batch;
    private final int index;
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
    /** Any metadata, register, drop reason or output was set since the last wrap (most packets: no). */
    private boolean dirty;
    private final long[] registers = new long[REGISTER_COUNT];
    private DropReason dropReason;
    private int[] outputs = new int[8];
    private int outputCount;
    private final EthernetHeader ethernet = new EthernetHeader(this);
    private final Ipv4Header ipv4 = new Ipv4Header(this);
    private final Ipv6Header ipv6 = new Ipv6Header(this);
    private final TransportHeader transport = new TransportHeader(this);
    private final ArpHeader arp = new ArpHeader(this);

    /** A standalone flyweight (tests, tools); it cannot {@link #emit}. */
    public Packet()
    {
        this(null, -1);
    }

    Packet(final PacketBatch batch, final int index)
    {
        this.batch = batch;
        this.index = index;
    }

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

    /**
     * Shrinks or grows the frame within its buffer (trim, pad, push or pop a VLAN tag). The frame keeps
     * at least an Ethernet header, so what the logic forwards after this is never malformed.
     */
    public Packet length(final int length)
    {
        if (length < ETH_HEADER_LENGTH || length > capacity)
        {
            throw new IllegalArgumentException("length " + length + " outside " + ETH_HEADER_LENGTH + ".." + capacity);
        }
        this.length = length;
        parsedL2 = false;
        parsedL3 = false;
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
        if (!parsedL2)
        {
            parsedL2 = true;
            EthernetHeader.parse(this);
        }
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
            Ipv4Header.parse(this);
        }
        else if (etherType == ETHERTYPE_IPV6)
        {
            Ipv6Header.parse(this);
        }
    }

    // the parsers in the header flyweights record what they found here, once per packet

    void l2Parsed(final int etherType, final int vlanId, final int vlanPcp, final int vlanTags, final int l3Offset)
    {
        this.etherType = etherType;
        this.vlanId = vlanId;
        this.vlanPcp = vlanPcp;
        this.vlanTags = vlanTags;
        this.l3Offset = l3Offset;
    }

    void l3Parsed(final int ipVersion, final int ipProto, final int flags)
    {
        this.ipVersion = ipVersion;
        this.ipProto = ipProto;
        this.parseFlags |= flags;
    }

    void l3Malformed()
    {
        parseFlags |= FLAG_L3_MALFORMED;
    }

    void l4Parsed(final int l4Offset)
    {
        this.l4Offset = l4Offset;
    }

    void l4Malformed()
    {
        parseFlags |= FLAG_L4_MALFORMED;
    }

    // ---------------------------------------------------------------- header flyweights

    /** The Ethernet/VLAN header of this packet (one flyweight per {@code Packet}, bound to it). */
    public EthernetHeader ethernet()
    {
        return ethernet;
    }

    /** The IPv4 header (meaningful when {@link #ipVersion()} is 4). */
    public Ipv4Header ipv4()
    {
        return ipv4;
    }

    /** The IPv6 header (meaningful when {@link #ipVersion()} is 6). */
    public Ipv6Header ipv6()
    {
        return ipv6;
    }

    /** The TCP/UDP/ICMP header (its accessors answer -1 when there is none of that kind). */
    public TransportHeader transport()
    {
        return transport;
    }

    /** The ARP header (check {@link ArpHeader#valid()}). */
    public ArpHeader arp()
    {
        return arp;
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

    /**
     * Delivers a copy of this packet's bytes as they are now to {@code port} (an index, or
     * {@link SwitchLogic#hairpin hairpin(index)}); later changes to the packet do not affect that copy.
     * This is how one packet leaves with different bytes on different ports ({@code output:1,
     * mod_vlan_vid:5, output:2}): emit, rewrite, then return the decision for the current bytes
     * (a port, {@link SwitchLogic#MULTIPLE}, {@link SwitchLogic#BROADCAST}, or {@link SwitchLogic#DROP}
     * for nothing more).
     *
     * <p>The copy goes into scratch the forwarder owns (bounded per batch; see {@code docs/fabric.md}),
     * and is delivered in batch order with everything else for that port. It is validated like any
     * output: {@code false} means it was dropped and counted (bad_port, hairpin, no_buffer when the
     * scratch is exhausted). Only from inside {@link SwitchLogic#lookup} or {@link SwitchLogic#lookupBatch},
     * on the forwarding thread; if the lookup then throws, the packet's copies are withdrawn.
     *
     * @throws IllegalStateException when the packet is not in a batch the fabric is deciding
     */
    public boolean emit(final int port)
    {
        final Forwarder emitter = batch == null ? null : batch.emitter;
        if (emitter == null)
        {
            throw new IllegalStateException("emit outside a lookup: the packet is not in a batch being forwarded");
        }
        return emitter.emit(this, index, port);
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
