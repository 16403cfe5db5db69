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

    /** Ops appended so far (the position a caller may compare against later). */
    public int size()
    {
        return size;
    }

    public int outputs()
    {
        return outputs;
    }

    public Program build(final DropCause dropCause)
    {
        return new Program(Arrays.copyOf(ops, size), dropCause, outputs);
    }
}
