package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.openflow.match.Field;

/**
 * Runs a {@link Program} on one packet and turns its outputs into the fabric's decision. One per data-path
 * thread; allocates nothing.
 */
public final class ProgramExecutor
{
    private static final Field[] FIELDS = Field.values();

    private final PortMap ports;
    private final PacketInSink packetIns;
    private final PacketEmitter emitter;
    private DropCause lastDrop;

    public ProgramExecutor(final PortMap ports, final PacketInSink packetIns, final PacketEmitter emitter)
    {
        this.ports = ports;
        this.packetIns = packetIns;
        this.emitter = emitter;
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
        final long[] ops = program.ops();
        final boolean floodOnly = program.outputs() == 1;
        packet.clearOutputs();
        lastDrop = null;
        boolean flood = false;
        int copies = 0;
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
                        packet.clearOutputs();
                        return drop(packet, DropCause.TOO_BIG);
                    }
                }
                case Program.POP_VLAN -> PacketRewriter.popVlan(packet);
                default -> throw new IllegalStateException("bad op " + op);
            }
            i += Program.length(op);
        }
        if (flood)
        {
            return SwitchLogic.BROADCAST;
        }
        final int count = packet.outputCount();
        if (count == 0)
        {
            // only copies left: "nothing more" for the fabric, not a drop
            return copies > 0 ? SwitchLogic.DROP : drop(packet, program.dropCause());
        }
        if (count == 1)
        {
            final int port = packet.outputs()[0];
            packet.clearOutputs();
            return port;
        }
        return SwitchLogic.MULTIPLE;
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
