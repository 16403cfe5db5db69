package net.vswitch.logic.openflow;

import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.openflow.control.PacketInQueue;

/**
 * The openflow logic on four ports p1..p4 (OpenFlow numbers 1..4) with a manual clock and an emitter that
 * records the bytes each output gets.
 */
final class Harness implements AutoCloseable
{
    /** What one packet came to: the fabric decision and, per output, the port number and bytes. */
    record Result(int decision, List<Integer> ports, List<byte[]> frames, DropReason dropReason)
    {
        boolean dropped()
        {
            return decision == SwitchLogic.DROP;
        }
    }

    final TestContext context = new TestContext("p1", "p2", "p3", "p4");
    final OpenFlowLogic logic;
    private final List<Integer> outPorts = new ArrayList<>();
    private final List<byte[]> outFrames = new ArrayList<>();

    Harness()
    {
        this(OpenFlowLogic.EMC_INSERT_INVERSE_DEFAULT);
    }

    Harness(final int emcInsertInverse)
    {
        logic = new OpenFlowLogic(new OpenFlowLogic.Settings(emcInsertInverse, 10_000, 10_000, 60_000,
            PacketInQueue.CAPACITY_DEFAULT, null));
        logic.emitter((packet, port, copy) ->
        {
            outPorts.add(port);
            outFrames.add(Frames.bytes(packet));
            packet.addOutput(port);
        });
        logic.start(context);
    }

    Harness add(final String... flows)
    {
        for (final String flow : flows)
        {
            ctl("add-flow", flow);
        }
        return this;
    }

    String ctl(final String command, final String... args)
    {
        return logic.command(command, List.of(args), false);
    }

    /** Sends {@code frame} in on OpenFlow port {@code inPort}; outputs are reported as OpenFlow port numbers. */
    Result send(final byte[] frame, final int inPort)
    {
        outPorts.clear();
        outFrames.clear();
        final Packet packet = Frames.packet(frame, inPort - 1);
        final int decision = logic.lookup(packet, inPort - 1);
        final List<Integer> ports = new ArrayList<>();
        for (final int p : outPorts)
        {
            ports.add((p & ~SwitchLogic.HAIRPIN_FLAG) + 1);
        }
        if (decision == SwitchLogic.BROADCAST)
        {
            for (int p = 1; p <= 4; p++)
            {
                if (p != inPort)
                {
                    ports.add(p);
                    outFrames.add(Frames.bytes(packet));
                }
            }
        }
        return new Result(decision, ports, new ArrayList<>(outFrames), packet.dropReason());
    }

    long counter(final String name)
    {
        return logic.counters().get(name);
    }

    @Override
    public void close()
    {
        logic.stop();
    }
}
