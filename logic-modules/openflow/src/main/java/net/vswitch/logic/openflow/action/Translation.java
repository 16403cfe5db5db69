package net.vswitch.logic.openflow.action;

import net.vswitch.logic.openflow.match.Field;

/**
 * What an {@link Action} sees while the slow path translates a packet: the flow key as earlier actions
 * left it, the wildcard accumulator, and the program being built. Implemented by the pipeline.
 */
public interface Translation
{
    /** The current flow key (actions update it so later tables see their changes). */
    long[] key();

    /** Bits of the original key the result depends on; set a bit for every field an action reads. */
    long[] wildcards();

    /** Appends ops to the resolved program. */
    ProgramBuilder program();

    /** Index of an attached port with OpenFlow number {@code ofport}, or -1. */
    int portIndex(int ofport);

    /** Looks {@code key} up in {@code table} and runs the matching entry's instructions (resubmit). */
    void resubmit(int table);

    /** Runs group {@code groupId}'s buckets. */
    void group(int groupId);

    /** The table being translated and the cookie of the entry whose actions run (for packet-in). */
    int tableId();

    long cookie();

    /** {@link Program#REASON_NO_MATCH} while a table-miss entry's actions run, else {@link Program#REASON_ACTION}. */
    int packetInReason();

    /** Stops translating the remaining actions: the packet is dropped for {@code reason} unless already output. */
    void halt(DropCause reason);

    /** Writes a packet field in the key and, for header fields, in the packet (through the program). */
    default void setField(final Field field, final long high, final long value, final long maskHigh, final long mask)
    {
        final long[] key = key();
        final long oldHigh = field.getHigh(key);
        final long old = field.get(key);
        field.put(key, (oldHigh & ~maskHigh) | (high & maskHigh), (old & ~mask) | (value & mask));
        if (PacketRewriter.isHeader(field))
        {
            program().setField(field, high, value, maskHigh, mask);
        }
    }
}
