package net.vswitch.examples;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.virtual.VirtualPort;

/**
 * Plugs a user's logic module into a running switch: starts with the learning bridge, then swaps
 * in {@link LowByteLogic} while the switch is up, and sends IPv4 frames to 10.0.0.1..3.
 */
public final class CustomLogicExample
{
    public static void main(final String[] args)
    {
        final List<VirtualPort> ports = new ArrayList<>();
        try (Switch sw = new Switch("lab", new LearningBridge()))
        {
            for (int i = 0; i < 4; i++)
            {
                final VirtualPort port = new VirtualPort("p" + i);
                ports.add(port);
                sw.attach(port);
            }
            sw.logic(new LowByteLogic());
            for (int host = 1; host <= 4; host++)
            {
                ports.get(0).send(ipv4Frame(0x0A00_0000 | host)); // 10.0.0.4: no such port, counted
            }
            for (int i = 1; i < 4; i++)
            {
                System.out.println("p" + i + " got " + ports.get(i).available() + " frame(s)");
            }
            System.out.println("p0 bad_port drops: " + ports.get(0).counters().drops(DropReason.BAD_PORT));
            sw.close();
        }
        finally
        {
            ports.forEach(VirtualPort::close);
        }
    }

    static byte[] ipv4Frame(final int dstIp)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        b.putLong(0x0200_0000_0001_0200L).putInt(0x0000_0002).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)46).putInt(0).put((byte)64).put((byte)17).putShort((short)0);
        b.putInt(0x0A00_00FE).putInt(dstIp);
        return b.array();
    }
}
