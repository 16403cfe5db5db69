package net.vswitch.fabric;

/**
 * The switching logic: decides where each packet goes. The fabric does everything else (batching,
 * per-destination lists, locking, copying, validation, accounting), so a module can stay tiny.
 *
 * <p>{@link #lookup} returns an attached port index, {@link #BROADCAST} (every port but the ingress
 * one), {@link #DROP}, or {@link #MULTIPLE} (the ports listed in {@link Packet#outputs()}). A module
 * may rewrite the packet in place (within its buffer) and may name the drop reason with
 * {@link Packet#dropReason(DropReason)}. Returning the ingress port is refused unless wrapped with
 * {@link #hairpin(int)}. A module that throws loses only that packet (counted as LOGIC_ERROR).
 * Before deciding, it may {@link Packet#emit emit} copies of the packet's current bytes to ports
 * (per-output rewrites: {@code output:1, mod_vlan_vid:5, output:2}).
 *
 * <p>Calls for one ingress port come from one thread at a time, but different ingress ports may
 * call concurrently: shared state must be thread-safe (the learning bridge uses racy-but-safe
 * single-word updates, like mSwitch's).
 */
public interface SwitchLogic
{
    int BROADCAST = -1;
    int DROP = -2;
    int MULTIPLE = -3;
    /** Flag bit on a port index: the logic really means to send the packet back where it came from. */
    int HAIRPIN_FLAG = 1 << 30;

    /**
     * @param packet      the packet, parsed lazily on first header access
     * @param ingressPort index of the port it came from
     * @return a port index, {@link #BROADCAST}, {@link #DROP} or {@link #MULTIPLE}
     */
    int lookup(Packet packet, int ingressPort);

    /**
     * Decide a whole batch at once (prefetch-style staged processing). The default calls
     * {@link #lookup} per packet. If this throws, the fabric drops the whole batch as LOGIC_ERROR
     * (it does not decide again: rewrites would apply twice), so an override that wants per-packet
     * isolation should catch its own. The batch may hold malformed frames (shorter than an Ethernet
     * header); their decisions are ignored.
     *
     * @param destinations out: one decision per packet, same encoding as {@link #lookup}
     */
    default void lookupBatch(final PacketBatch batch, final int ingressPort, final int[] destinations)
    {
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            destinations[i] = lookup(batch.packet(i), ingressPort);
        }
    }

    /** Whether the fabric should call {@link #lookupBatch} instead of {@link #lookup}. */
    default boolean batched()
    {
        return false;
    }

    /** A port was attached to the switch this logic runs on (control thread). */
    default void portAttached(final int portIndex, final String portName)
    {
    }

    /**
     * A port was attached, with its stable number (1, 2, ... in attach order, never reused; OpenFlow's
     * port number). This is what the fabric calls; the default hands over to {@link #portAttached(int, String)},
     * so a module that needs no numbers overrides that one.
     */
    default void portAttached(final int portIndex, final int portNumber, final String portName)
    {
        portAttached(portIndex, portName);
    }

    /** A port was detached: forget what points at it (control thread). */
    default void portDetached(final int portIndex)
    {
    }

    /** The logic was installed on a switch; called before any lookup. */
    default void start(final LogicContext context)
    {
    }

    /** The logic was replaced or the switch closed. */
    default void stop()
    {
    }

    /** Short name shown by {@code show} and metrics. */
    default String name()
    {
        return getClass().getSimpleName();
    }

    /** Marks {@code packet} dropped for {@code reason} (the fabric counts it so) and answers {@link #DROP}. */
    static int drop(final Packet packet, final DropReason reason)
    {
        packet.dropReason(reason);
        return DROP;
    }

    static int hairpin(final int port)
    {
        return port | HAIRPIN_FLAG;
    }
}
