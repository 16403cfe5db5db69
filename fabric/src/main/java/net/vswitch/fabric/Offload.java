package net.vswitch.fabric;

/**
 * The offload state of a frame, packed in one {@code int} that travels with the packet
 * ({@link Packet#offload()}) and, in an output ring, in the slot's flags word. It says what a Linux
 * stack left for "hardware" to do, as its {@code struct virtio_net_hdr} did: finish a partial
 * checksum, or cut a GSO super-frame into segments of {@code gsoSize} payload bytes. 0 (the usual
 * case) means a complete, ordinary frame: the 60 B path never looks further.
 *
 * <pre>
 *  31  30 ......... 22  21    20     19   18..16     15 ............. 0
 *  +---+--------------+----+-------+----+---------+--------------------+
 *  |UDP| csum start   | DV | CSUM  |ECN | gso type| gso size (MSS)     |
 *  +---+--------------+----+-------+----+---------+--------------------+
 * </pre>
 * gso type is virtio's ({@link #GSO_TCPV4}, {@link #GSO_TCPV6}, {@link #GSO_UDP_L4}); CSUM = the
 * L4 checksum is partial (the field holds the pseudo-header sum; sum from csum start to the end and
 * store at csum start + 16 for TCP, + 6 for UDP); DV = the checksum was verified (DATA_VALID).
 * A checksum start above {@value #MAX_CSUM_START} or at an offset other than TCP's or UDP's does not
 * fit: the receiving port completes such a checksum itself before the frame enters the fabric.
 */
public final class Offload
{
    public static final int NONE = 0;
    /**
     * What {@link #of} returns for a state that does not fit (never a valid word: gso type 7). A valid
     * word may be negative (bit 31 is the UDP checksum offset), so compare with this, not with 0.
     */
    public static final int INVALID = -1;
    public static final int GSO_NONE = 0;
    public static final int GSO_TCPV4 = 1;
    public static final int GSO_UDP = 3;
    public static final int GSO_TCPV6 = 4;
    public static final int GSO_UDP_L4 = 5;
    public static final int MAX_CSUM_START = 511;
    public static final int TCP_CSUM_OFFSET = 16;
    public static final int UDP_CSUM_OFFSET = 6;

    private static final int GSO_SIZE_MASK = 0xFFFF;
    private static final int GSO_TYPE_SHIFT = 16;
    private static final int GSO_TYPE_MASK = 0x7;
    private static final int ECN = 1 << 19;
    private static final int NEEDS_CSUM = 1 << 20;
    private static final int DATA_VALID = 1 << 21;
    private static final int CSUM_START_SHIFT = 22;
    private static final int CSUM_START_MASK = 0x1FF;
    private static final int UDP_CSUM = 1 << 31;

    private Offload()
    {
    }

    /**
     * Packs a frame's offload state.
     *
     * @return the word, or {@link #INVALID} when it does not fit (checksum start too far, unknown offset or
     *         GSO type)
     */
    public static int of(final boolean needsCsum, final int csumStart, final int csumOffset, final boolean dataValid,
        final int gsoType, final boolean ecn, final int gsoSize)
    {
        if ((gsoType & ~GSO_TYPE_MASK) != 0 || gsoType == 2 || gsoType > GSO_UDP_L4 || (gsoSize & ~GSO_SIZE_MASK) != 0
            || (gsoType != GSO_NONE && (gsoSize == 0 || !needsCsum)))
        {
            return INVALID;
        }
        int word = gsoSize | gsoType << GSO_TYPE_SHIFT | (ecn ? ECN : 0) | (dataValid ? DATA_VALID : 0);
        if (needsCsum)
        {
            if (csumStart < 0 || csumStart > MAX_CSUM_START
                || (csumOffset != TCP_CSUM_OFFSET && csumOffset != UDP_CSUM_OFFSET))
            {
                return INVALID;
            }
            word |= NEEDS_CSUM | csumStart << CSUM_START_SHIFT | (csumOffset == UDP_CSUM_OFFSET ? UDP_CSUM : 0);
        }
        return word;
    }

    /** Whether the L4 checksum is partial (CHECKSUM_PARTIAL / VIRTIO_NET_HDR_F_NEEDS_CSUM). */
    public static boolean needsCsum(final int word)
    {
        return (word & NEEDS_CSUM) != 0;
    }

    /** Where the checksummed L4 data starts, from the start of the frame. */
    public static int csumStart(final int word)
    {
        return word >>> CSUM_START_SHIFT & CSUM_START_MASK;
    }

    /** Where the checksum field sits, from {@link #csumStart}. */
    public static int csumOffset(final int word)
    {
        return (word & UDP_CSUM) != 0 ? UDP_CSUM_OFFSET : TCP_CSUM_OFFSET;
    }

    /** Whether the sender's stack verified the checksum (VIRTIO_NET_HDR_F_DATA_VALID). */
    public static boolean dataValid(final int word)
    {
        return (word & DATA_VALID) != 0;
    }

    /** virtio GSO type ({@link #GSO_NONE} for an ordinary frame). */
    public static int gsoType(final int word)
    {
        return word >>> GSO_TYPE_SHIFT & GSO_TYPE_MASK;
    }

    /** Whether this is a GSO super-frame to be cut into segments. */
    public static boolean isGso(final int word)
    {
        return (word & GSO_TYPE_MASK << GSO_TYPE_SHIFT) != 0;
    }

    /** The segments' payload size (MSS), for a GSO frame. */
    public static int gsoSize(final int word)
    {
        return word & GSO_SIZE_MASK;
    }

    /** Whether the GSO frame carries ECN (VIRTIO_NET_HDR_GSO_ECN). */
    public static boolean ecn(final int word)
    {
        return (word & ECN) != 0;
    }

    /** A readable form for logs and test messages. */
    public static String toString(final int word)
    {
        if (word == NONE)
        {
            return "none";
        }
        return "gso=" + gsoType(word) + "/" + gsoSize(word) + (needsCsum(word)
            ? " csum=" + csumStart(word) + "+" + csumOffset(word) : "") + (dataValid(word) ? " valid" : "")
            + (ecn(word) ? " ecn" : "");
    }
}
