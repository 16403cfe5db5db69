package net.vswitch.logic.openflow.action;

import java.util.Arrays;

import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.softflow.SoftFlowNames;

/**
 * A resolved action list: a flat array of ops the fast path runs per packet with no allocation, plus the
 * drop cause to count when it outputs nowhere. Built by {@link ProgramBuilder}; immutable.
 *
 * <pre>
 *  OUTPUT index | IN_PORT | FLOOD | CONTROLLER maxLen reason table cookie
 *  SET_FIELD fieldOrdinal high low maskHigh maskLow | PUSH_VLAN tpid | POP_VLAN
 *  OUTPUT_COPY index | IN_PORT_COPY | FLOOD_COPY      (an output a later rewrite must not reach)
 *  CT flags zone markValue markMask recircId           (ct(): track per packet; recircId != 0: recirculate)
 *  CT_CLEAR
 *  SOFTFLOW actionId argument recircId                 (run a SoftFlow action, re-enter table 0)
 * </pre>
 */
public final class Program
{
    public static final int OUTPUT = 1;
    public static final int IN_PORT = 2;
    public static final int FLOOD = 3;
    public static final int CONTROLLER = 4;
    public static final int SET_FIELD = 5;
    public static final int PUSH_VLAN = 6;
    public static final int POP_VLAN = 7;
    /** OUTPUT / IN_PORT / FLOOD followed by a rewrite: the port gets a copy of the bytes as they are then. */
    public static final int OUTPUT_COPY = 8;
    public static final int IN_PORT_COPY = 9;
    public static final int FLOOD_COPY = 10;
    /** Runs the packet through the connection tracker and, with a recirculation id, through the pipeline again. */
    public static final int CT = 11;
    public static final int CT_CLEAR = 12;
    public static final int SOFTFLOW = 13;
    /** CT flags bit: create the connection of a NEW packet. */
    public static final long CT_COMMIT = 1;

    /** Packet-in reasons (OpenFlow 1.3 numbering). */
    public static final int REASON_NO_MATCH = 0;
    public static final int REASON_ACTION = 1;

    private static final Field[] FIELDS = Field.values();

    private final long[] ops;
    private final DropCause dropCause;
    private final int outputs;
    private final boolean recirculates;

    Program(final long[] ops, final DropCause dropCause, final int outputs)
    {
        this.ops = ops;
        this.dropCause = dropCause;
        this.outputs = outputs;
        boolean recirc = false;
        for (int i = 0; i < ops.length; i += length((int)ops[i]))
        {
            recirc |= ops[i] == CT && ops[i + 5] != 0 || ops[i] == SOFTFLOW;
        }
        this.recirculates = recirc;
    }

    /** Whether a CT op sends the packet through the pipeline again (its outputs are then not all known here). */
    public boolean recirculates()
    {
        return recirculates;
    }

    public long[] ops()
    {
        return ops;
    }

    /** Counted when the program outputs nowhere. */
    public DropCause dropCause()
    {
        return dropCause;
    }

    /** How many output ops (OUTPUT, IN_PORT, FLOOD) the program has. */
    public int outputs()
    {
        return outputs;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Program p && Arrays.equals(ops, p.ops) && dropCause == p.dropCause;
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(ops) * 31 + dropCause.hashCode();
    }

    /** A datapath-style summary for dump-megaflows, e.g. {@code set(nw_dst=10.0.0.1),2,3}. */
    public String describe(final PortMap ports)
    {
        final StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < ops.length)
        {
            if (!s.isEmpty())
            {
                s.append(',');
            }
            final int op = (int)ops[i];
            switch (op)
            {
                case OUTPUT, OUTPUT_COPY -> s.append(ports.ofport((int)ops[i + 1]));
                case IN_PORT, IN_PORT_COPY -> s.append("in_port");
                case FLOOD, FLOOD_COPY -> s.append("flood");
                case CONTROLLER -> s.append("userspace(controller,max_len=").append(ops[i + 1]).append(')');
                case SET_FIELD -> s.append("set(").append(FIELDS[(int)ops[i + 1]].fieldName()).append(")");
                case PUSH_VLAN -> s.append("push_vlan(tpid=0x").append(Long.toHexString(ops[i + 1])).append(')');
                case POP_VLAN -> s.append("pop_vlan");
                case CT -> ct(s, i);
                case CT_CLEAR -> s.append("ct_clear");
                case SOFTFLOW -> s.append("softflow(").append(SoftFlowNames.name((int)ops[i + 1])).append(',')
                    .append(ops[i + 2]).append("),recirc(0x").append(Long.toHexString(ops[i + 3])).append(')');
                default -> throw new IllegalStateException("op " + op);
            }
            i += length(op);
        }
        return s.isEmpty() ? "drop" : s.toString();
    }

    /** OVS's datapath spelling: {@code ct(commit,zone=5,mark=0x1/0x1),recirc(0x1)}. */
    private void ct(final StringBuilder s, final int i)
    {
        final StringBuilder args = new StringBuilder();
        if ((ops[i + 1] & CT_COMMIT) != 0)
        {
            args.append("commit,");
        }
        if (ops[i + 2] != 0)
        {
            args.append("zone=").append(ops[i + 2]).append(',');
        }
        if (ops[i + 4] != 0)
        {
            args.append("mark=0x").append(Long.toHexString(ops[i + 3])).append("/0x")
                .append(Long.toHexString(ops[i + 4])).append(',');
        }
        if (!args.isEmpty())
        {
            args.setLength(args.length() - 1);
        }
        s.append("ct");
        if (!args.isEmpty())
        {
            s.append('(').append(args).append(')');
        }
        if (ops[i + 5] != 0)
        {
            s.append(",recirc(0x").append(Long.toHexString(ops[i + 5])).append(')');
        }
    }

    static int length(final int op)
    {
        return switch (op)
        {
            case OUTPUT, PUSH_VLAN, OUTPUT_COPY -> 2;
            case IN_PORT, FLOOD, POP_VLAN, IN_PORT_COPY, FLOOD_COPY, CT_CLEAR -> 1;
            case SOFTFLOW -> 4;
            case CONTROLLER -> 5;
            case SET_FIELD, CT -> 6;
            default -> throw new IllegalStateException("op " + op);
        };
    }
}
