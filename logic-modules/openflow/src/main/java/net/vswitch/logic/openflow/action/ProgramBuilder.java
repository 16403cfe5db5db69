package net.vswitch.logic.openflow.action;

import java.util.Arrays;

import net.vswitch.logic.openflow.match.Field;

/** Appends ops while the slow path translates; {@link #build} freezes them into a {@link Program}. */
public final class ProgramBuilder
{
    private long[] ops = new long[16];
    private int size;
    private int outputs;

    public ProgramBuilder reset()
    {
        size = 0;
        outputs = 0;
        return this;
    }

    private void add(final long... values)
    {
        if (size + values.length > ops.length)
        {
            ops = Arrays.copyOf(ops, Math.max(ops.length * 2, size + values.length));
        }
        System.arraycopy(values, 0, ops, size, values.length);
        size += values.length;
    }

    public void output(final int portIndex)
    {
        outputs++;
        add(Program.OUTPUT, portIndex);
    }

    public void inPort()
    {
        outputs++;
        add(Program.IN_PORT);
    }

    public void flood()
    {
        outputs++;
        add(Program.FLOOD);
    }

    public void controller(final int maxLen, final int reason, final int table, final long cookie)
    {
        add(Program.CONTROLLER, maxLen, reason, table, cookie);
    }

    public void setField(final Field field, final long high, final long value, final long maskHigh, final long mask)
    {
        add(Program.SET_FIELD, field.ordinal(), high, value, maskHigh, mask);
    }

    public void pushVlan(final int tpid)
    {
        add(Program.PUSH_VLAN, tpid);
    }

    public void popVlan()
    {
        add(Program.POP_VLAN);
    }

    /** {@code ct()}: track (or commit) in {@code zone}, mark, and recirculate when {@code recircId != 0}. */
    public void ct(final boolean commit, final int zone, final int markValue, final int markMask, final int recircId)
    {
        add(Program.CT, commit ? Program.CT_COMMIT : 0, zone, markValue & 0xFFFF_FFFFL, markMask & 0xFFFF_FFFFL,
            recircId & 0xFFFF_FFFFL);
    }

    /** {@code softflow(NAME,ARG)}: run action {@code actionId}, then re-enter the pipeline as {@code recircId}. */
    public void softflow(final int actionId, final long argument, final int recircId)
    {
        add(Program.SOFTFLOW, actionId, argument, recircId & 0xFFFF_FFFFL);
    }

    public void ctClear()
    {
        add(Program.CT_CLEAR);
    }

    /** Ops appended so far (the position a caller may compare against later). */
    public int size()
    {
        return size;
    }

    public int outputs()
    {
        return outputs;
    }

    /**
     * Freezes the ops. An output with a rewrite after it becomes its copy variant, so that port gets the bytes as
     * they were at that point (the fabric's {@code Packet.emit}); the last outputs stay plain, costing no copy.
     */
    public Program build(final DropCause dropCause)
    {
        final long[] frozen = Arrays.copyOf(ops, size);
        final int[] starts = new int[size];
        int count = 0;
        for (int i = 0; i < size; i += Program.length((int)frozen[i]))
        {
            starts[count++] = i;
        }
        boolean rewriteAfter = false;
        for (int k = count - 1; k >= 0; k--)
        {
            final int at = starts[k];
            switch ((int)frozen[at])
            {
                case Program.SET_FIELD, Program.PUSH_VLAN, Program.POP_VLAN -> rewriteAfter = true;
                // the recirculated pass may rewrite the packet: earlier outputs take copies
                case Program.CT -> rewriteAfter |= frozen[at + 5] != 0;
                case Program.SOFTFLOW -> rewriteAfter = true;
                case Program.OUTPUT -> frozen[at] = rewriteAfter ? Program.OUTPUT_COPY : Program.OUTPUT;
                case Program.IN_PORT -> frozen[at] = rewriteAfter ? Program.IN_PORT_COPY : Program.IN_PORT;
                case Program.FLOOD -> frozen[at] = rewriteAfter ? Program.FLOOD_COPY : Program.FLOOD;
                default ->
                {
                }
            }
        }
        return new Program(frozen, dropCause, outputs);
    }
}
