package net.vswitch.examples.softflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;

/** The example action, found through ServiceLoader by a real openflow switch, samples one packet in four. */
class SamplerActionTest
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    /** A minimal IPv4/UDP frame (checksums are not looked at on this path). */
    private static byte[] udp(final int sourcePort)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        b.putShort((short)0x0200).putInt(2).putShort((short)0x0200).putInt(1).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)28).putInt(0).put((byte)64).put((byte)17).putShort((short)0);
        b.putInt(0x0A00_0001).putInt(0x0A00_0002);
        b.putShort((short)sourcePort).putShort((short)53).putShort((short)8).putShort((short)0);
        return b.array();
    }

    private static int drain(final VirtualPort port)
    {
        return port.poll((memory, offset, length) -> { }, Integer.MAX_VALUE);
    }

    @Test
    void shouldSendEveryFourthPacketToTheMonitorPortToo()
    {
        final OpenFlowLogic logic = new OpenFlowLogic();
        final VirtualPort in = new VirtualPort("in", SMALL);
        final VirtualPort out = new VirtualPort("out", SMALL);
        final VirtualPort monitor = new VirtualPort("monitor", SMALL);
        try (Switch sw = new Switch("sw0", logic))
        {
            sw.attach(in);
            sw.attach(out);
            sw.attach(monitor);
            for (final String flow : List.of("priority=10,sf_stage=0,ip actions=softflow(sampler,4)",
                "priority=10,sf_stage=1,sf_action=sampler,sf_metadata=1 actions=output:2,output:3",
                "priority=10,sf_stage=1,sf_action=sampler,sf_metadata=0 actions=output:2"))
            {
                logic.command("add-flow", List.of(flow), false);
            }
            for (int i = 0; i < 8; i++)
            {
                in.send(udp(1000 + i));
            }
            assertEquals(8, drain(out));
            assertEquals(2, drain(monitor));
            assertEquals(2L, logic.counters().get("sf_sampler_sampled"));
        }
        finally
        {
            in.close();
            out.close();
            monitor.close();
        }
    }
}
