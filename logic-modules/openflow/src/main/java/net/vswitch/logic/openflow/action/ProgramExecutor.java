package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.openflow.ct.Conntrack;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.softflow.SoftFlowAction;
import net.vswitch.logic.openflow.softflow.SoftFlowActions;

/**
 * Runs a {@link Program} on one packet and turns its outputs into the fabric's decision. One per data-path
 * thread; allocates nothing.
 */
public final class ProgramExecutor
{
    private static final Field[] FIELDS = Field.values();

    /** Passes through the pipeline one packet may take after its first (ct(table=T) loops are cut here). */
    public static final int MAX_RECIRCULATIONS = 16;
    /** softflow() actions one packet may go through (a stage loop is cut here). */
    public static final int MAX_STAGES = 8;

    private final PortMap ports;
    private final PacketInSink packetIns;
    private final PacketEmitter emitter;
    private final Conntrack conntrack;
    private final Recirculator recirculator;
    private final SoftFlowActions softflow;
    private final Packet[] single = new Packet[1];
    private final boolean[] verdict = new boolean[1];
    private DropCause lastDrop;
    private DropCause dropCause;
    private DropCause aborted;
    private boolean flood;
    private int copies;
    private int passes;

    /** An executor for programs without ct(). */
    public ProgramExecutor(final PortMap ports, final PacketInSink packetIns, final PacketEmitter emitter)
    {
        this(ports, packetIns, emitter, null, null, null);
    }

    /**
     * @param conntrack    the tracker ct() ops use
     * @param recirculator the datapath a ct(table=T) sends the packet through again, or null (then dropped)
     */
    public ProgramExecutor(final PortMap ports, final PacketInSink packetIns, final PacketEmitter emitter,
        final Conntrack conntrack, final Recirculator recirculator)
    {
        this(ports, packetIns, emitter, conntrack, recirculator, null);
    }

    /**
     * @param softflow the SoftFlow actions softflow() ops run, or null (then such packets are dropped)
     */
    public ProgramExecutor(final PortMap ports, final PacketInSink packetIns, final PacketEmitter emitter,
        final Conntrack conntrack, final Recirculator recirculator, final SoftFlowActions softflow)
    {
        this.softflow = softflow;
        this.ports = ports;
        this.packetIns = packetIns;
        this.emitter = emitter;
        this.conntrack = conntrack;
        this.recirculator = recirculator;
    }

    /** The cause of the last DROP decision, for the caller's counters; {@code null} when only copies went out. */
    public DropCause lastDrop()
    {
        return lastDrop;
    }

    /**
     * @return a port index (possibly hairpin-flagged), {@link SwitchLogic#BROADCAST}, {@link SwitchLogic#MULTIPLE}
     *         or {@link SwitchLogic#DROP} (with {@link #lastDrop()} set)
     */
    public int run(final Program program, final Packet packet, final int ingress)
    {
        packet.clearOutputs();
        lastDrop = null;
        dropCause = program.dropCause();
        aborted = null;
        flood = false;
        copies = 0;
        passes = 0;
        if (!execute(program.ops(), packet, ingress, program.outputs() == 1 && !program.recirculates()))
        {
            packet.clearOutputs();
            return drop(packet, aborted);
        }
        if (flood)
        {
            return SwitchLogic.BROADCAST;
        }
        final int count = packet.outputCount();
        if (count == 0)
        {
            // only copies left: "nothing more" for the fabric, not a drop
            return copies > 0 ? SwitchLogic.DROP : drop(packet, dropCause);
        }
        if (count == 1)
        {
            final int port = packet.outputs()[0];
            packet.clearOutputs();
            return port;
        }
        return SwitchLogic.MULTIPLE;
    }

    /** Runs one pass's ops; false when the packet must be dropped for {@link #aborted}. */
    private boolean execute(final long[] ops, final Packet packet, final int ingress, final boolean floodOnly)
    {
        int i = 0;
        while (i < ops.length)
        {
            final int op = (int)ops[i];
            switch (op)
            {
                case Program.OUTPUT -> emitter.emit(packet, (int)ops[i + 1], false);
                case Program.IN_PORT -> emitter.emit(packet, SwitchLogic.hairpin(ingress), false);
                case Program.FLOOD ->
                {
                    if (floodOnly)
                    {
                        flood = true;
                    }
                    else
                    {
                        floodExplicit(packet, ingress, false);
                    }
                }
                case Program.OUTPUT_COPY ->
                {
                    emitter.emit(packet, (int)ops[i + 1], true);
                    copies++;
                }
                case Program.IN_PORT_COPY ->
                {
                    emitter.emit(packet, SwitchLogic.hairpin(ingress), true);
                    copies++;
                }
                case Program.FLOOD_COPY -> copies += floodExplicit(packet, ingress, true);
                case Program.CONTROLLER -> packetIns.packetIn(packet, ports.ofport(ingress), (int)ops[i + 1],
                    (int)ops[i + 2], (int)ops[i + 3], ops[i + 4]);
                case Program.SET_FIELD -> PacketRewriter.write(packet, FIELDS[(int)ops[i + 1]], ops[i + 2], ops[i + 3],
                    ops[i + 4], ops[i + 5]);
                case Program.PUSH_VLAN ->
                {
                    if (!PacketRewriter.pushVlan(packet, (int)ops[i + 1]))
                    {
                        aborted = DropCause.TOO_BIG;
                        return false;
                    }
                }
                case Program.POP_VLAN -> PacketRewriter.popVlan(packet);
                case Program.CT ->
                {
                    if (!ct(ops, i, packet, ingress))
                    {
                        return false;
                    }
                }
                case Program.CT_CLEAR -> clearCt(packet);
                case Program.SOFTFLOW ->
                {
                    return softflow(ops, i, packet, ingress);
                }
                default -> throw new IllegalStateException("bad op " + op);
            }
            i += Program.length(op);
        }
        return true;
    }

    /** Tracks the packet per packet (never cached) and, with a recirculation id, runs its next pass here. */
    private boolean ct(final long[] ops, final int i, final Packet packet, final int ingress)
    {
        if (conntrack == null)
        {
            throw new IllegalStateException("ct() without a connection tracker");
        }
        conntrack.execute(packet, (ops[i + 1] & Program.CT_COMMIT) != 0, (int)ops[i + 2], (int)ops[i + 3],
            (int)ops[i + 4]);
        final int recirc = (int)ops[i + 5];
        if (recirc == 0)
        {
            return true;
        }
        if (++passes > MAX_RECIRCULATIONS || recirculator == null)
        {
            aborted = DropCause.RECIRC_LOOP;
            return false;
        }
        final Program next = recirculator.recirculate(packet, ingress, recirc);
        dropCause = next.dropCause();
        final boolean ok = execute(next.ops(), packet, ingress, false);
        // as in OVS, what follows the ct() in this pass sees an untracked packet
        clearCt(packet);
        return ok;
    }

    /** Runs the SoftFlow action on the packet, then its next stage from table 0 (nothing follows in this pass). */
    private boolean softflow(final long[] ops, final int i, final Packet packet, final int ingress)
    {
        final int id = (int)ops[i + 1];
        final SoftFlowAction action = softflow == null ? null : softflow.action(id);
        if (action == null)
        {
            aborted = DropCause.SOFTFLOW_UNKNOWN;
            return false;
        }
        final int stage = packet.stage() + 1;
        if (stage > MAX_STAGES)
        {
            aborted = DropCause.SOFTFLOW_LOOP;
            return false;
        }
        single[0] = packet;
        verdict[0] = true;
        action.ingress(single, 1, ops[i + 2], verdict);
        single[0] = null;
        if (!verdict[0])
        {
            aborted = DropCause.SOFTFLOW_DROP;
            return false;
        }
        packet.stage(stage).action(id);
        if (++passes > MAX_RECIRCULATIONS || recirculator == null)
        {
            aborted = DropCause.RECIRC_LOOP;
            return false;
        }
        final Program next = recirculator.recirculate(packet, ingress, (int)ops[i + 3]);
        dropCause = next.dropCause();
        return execute(next.ops(), packet, ingress, false);
    }

    private static void clearCt(final Packet packet)
    {
        packet.ctState(0).ctZone(0).ctMark(0);
    }

    private int drop(final Packet packet, final DropCause cause)
    {
        lastDrop = cause;
        return SwitchLogic.drop(packet, cause.reason());
    }

    private int floodExplicit(final Packet packet, final int ingress, final boolean copy)
    {
        int n = 0;
        for (final int index : ports.attachedView())
        {
            if (index != ingress)
            {
                emitter.emit(packet, index, copy);
                n++;
            }
        }
        return n;
    }
}
