package net.vswitch.examples;

import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.virtual.VirtualPort;

/** Embedding vswitch: two virtual ports on a learning bridge, one frame across. */
public final class EmbeddedSwitch
{
    public static void main(final String[] args)
    {
        try (Switch sw = new Switch("br0", new LearningBridge());
             VirtualPort vm1 = new VirtualPort("vm1");
             VirtualPort vm2 = new VirtualPort("vm2"))
        {
            sw.attach(vm1);
            sw.attach(vm2);
            final byte[] frame = new byte[60];           // dst ff:ff:ff:ff:ff:ff, src 02:..:01
            java.util.Arrays.fill(frame, 0, 6, (byte)0xFF);
            frame[6] = 0x02;
            frame[11] = 0x01;
            vm1.send(frame);                             // forwarded in this thread
            final PacketBatch batch = new PacketBatch(32);
            final int n = vm2.receive(batch, 1, TimeUnit.SECONDS);
            System.out.println("vm2 received " + n + " frame(s) of " + batch.packet(0).length() + " bytes");
            vm2.release();
            sw.close();                                  // detach the ports before they close
        }
    }
}
