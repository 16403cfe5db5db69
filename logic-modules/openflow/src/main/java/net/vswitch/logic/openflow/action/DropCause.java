package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.DropReason;

/** Why the OpenFlow pipeline dropped a packet: its own counters, each mapped onto a fabric {@link DropReason}. */
public enum DropCause
{
    /** No entry matched and the table had no table-miss entry. */
    TABLE_MISS("table_miss", DropReason.NO_ROUTE),
    /** Entries matched but their actions output nowhere ({@code actions=drop}). */
    NO_OUTPUT("no_output", DropReason.FILTERED),
    /** dec_ttl on a packet whose TTL or hop limit was 0 or 1. */
    TTL_EXCEEDED("ttl_exceeded", DropReason.FILTERED),
    /** resubmit went deeper than {@code Translator.MAX_DEPTH}. */
    RECURSION("recursion_too_deep", DropReason.LOGIC_ERROR),
    /** The frame is shorter than an Ethernet header. */
    MALFORMED("malformed", DropReason.MALFORMED),
    /** push_vlan would not fit in the packet's buffer. */
    TOO_BIG("too_big", DropReason.TOO_BIG),
    /** ct(table=T) found every recirculation id taken ({@code ct.Recirculation#CAPACITY}). */
    RECIRC_IDS("recirc_ids_exhausted", DropReason.LOGIC_ERROR),
    /** A packet recirculated more than {@code ProgramExecutor.MAX_RECIRCULATIONS} times (a ct loop). */
    RECIRC_LOOP("recirculation_loop", DropReason.LOGIC_ERROR),
    /** A softflow() action dropped the packet. */
    SOFTFLOW_DROP("softflow_drop", DropReason.FILTERED),
    /** softflow(NAME) names no action this switch has. */
    SOFTFLOW_UNKNOWN("softflow_unknown_action", DropReason.LOGIC_ERROR),
    /** A packet went through more than {@code ProgramExecutor.MAX_STAGES} softflow() actions (a loop). */
    SOFTFLOW_LOOP("softflow_loop", DropReason.LOGIC_ERROR);

    private final String label;
    private final DropReason reason;

    DropCause(final String label, final DropReason reason)
    {
        this.label = label;
        this.reason = reason;
    }

    public String label()
    {
        return label;
    }

    public DropReason reason()
    {
        return reason;
    }
}
