package net.vswitch.logic.openflow;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.ActionParser;
import net.vswitch.logic.openflow.action.FrameInjector;
import net.vswitch.logic.openflow.action.ProgramExecutor;
import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.pipeline.Translated;
import net.vswitch.logic.openflow.pipeline.Translator;

/**
 * OpenFlow packet-out: runs an action list on a frame as if it had arrived on {@code in_port}; the action
 * {@code TABLE} (or {@code output:table}) sends it through the pipeline from table 0 instead. Frames leave
 * through a {@link FrameInjector}. Control thread only; per-output bytes are exact (each output gets a copy).
 */
final class PacketOut
{
    private final OpenFlowLogic logic;

    PacketOut(final OpenFlowLogic logic)
    {
        this.logic = logic;
    }

    /** @return how many frames were sent */
    int send(final byte[] frame, final int inPort, final String actions, final FrameInjector injector)
    {
        if (frame.length < Packet.ETH_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("packet-out frame of " + frame.length + " bytes is shorter than an "
                + "Ethernet header");
        }
        final int ingress = inPort > 0 ? logic.ports().index(inPort) : -1;
        if (inPort > 0 && ingress < 0)
        {
            throw new IllegalArgumentException("packet-out in_port " + inPort + " is not a port of this switch");
        }
        final byte[] buffer = new byte[frame.length + 64];
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        final Packet packet = new Packet().wrap(MemorySegment.ofArray(buffer), 0, frame.length, buffer.length,
            Math.max(ingress, 0));
        final long[] key = new long[FlowKey.WORDS];
        FlowKey.extract(packet, inPort, key);
        final Translator translator = new Translator(logic.ports());
        final String a = actions.trim().toLowerCase(Locale.ROOT);
        final Translated t;
        if (a.equals("table") || a.equals("output:table"))
        {
            t = translator.translate(logic.pipeline().state(), key);
            final long now = logic.clock().nanoTime();
            for (final net.vswitch.logic.openflow.pipeline.FlowEntry e : t.contributors())
            {
                e.stats().add(1, frame.length, now);
            }
        }
        else
        {
            final List<Action> list = new ArrayList<>();
            for (final String part : ActionParser.split(actions))
            {
                final Action action = ActionParser.parse(part);
                if (action != null)
                {
                    list.add(action);
                }
            }
            t = translator.translateActions(logic.pipeline().state(), key, list);
        }
        final int[] sent = {0};
        final ProgramExecutor executor = new ProgramExecutor(logic.ports(), logic.packetIns(), (p, port, copy) ->
        {
            final int index = port & ~SwitchLogic.HAIRPIN_FLAG;
            if (index != ingress || (port & SwitchLogic.HAIRPIN_FLAG) != 0)
            {
                injector.send(index, Frames.bytes(p));
                sent[0]++;
            }
        }, logic.conntrack(), null);
        if (executor.run(t.program(), packet, Math.max(ingress, 0)) == SwitchLogic.BROADCAST)
        {
            for (final int index : logic.ports().attached())
            {
                if (index != ingress)
                {
                    injector.send(index, Frames.bytes(packet));
                    sent[0]++;
                }
            }
        }
        return sent[0];
    }

    /** Byte copies of a packet's frame. */
    private static final class Frames
    {
        static byte[] bytes(final Packet p)
        {
            final byte[] out = new byte[p.length()];
            MemorySegment.copy(p.segment(), java.lang.foreign.ValueLayout.JAVA_BYTE, p.offset(), out, 0, out.length);
            return out;
        }
    }
}
