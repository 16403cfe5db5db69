package net.vswitch.ports;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.PacketMirror;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Ring;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.ports.virtual.VirtualPort;

import static org.junit.jupiter.api.Assertions.*;

/** The fabric's mirror hook: what a mirrored port's mirror sees, and that unmirrored ports see nothing. */
class PacketMirrorTest
{
    /** Records "rx LENGTH" / "tx LENGTH" per frame. */
    static final class Recorder implements PacketMirror
    {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void received(final Port port, final PacketBatch batch)
        {
            for (int i = 0; i < batch.size(); i++)
            {
                events.add(port.name() + " rx " + batch.packet(i).length());
            }
        }

        @Override
        public synchronized void sent(final Port port, final Ring ring, final long from, final int count)
        {
            for (long p = from; p < from + count; p++)
            {
                events.add(port.name() + " tx " + ring.slotLength(p));
            }
        }
    }

    @Test
    void shouldSeeOwnSendsAndEveryCopyDeliveredIncludingFloods()
    {
        final SwitchLogic flood = (packet, ingress) -> packet.length() == 99 ? SwitchLogic.DROP : SwitchLogic.BROADCAST;
        try (Switch sw = new Switch("sw", flood);
            VirtualPort a = new VirtualPort("a");
            VirtualPort b = new VirtualPort("b");
            VirtualPort c = new VirtualPort("c"))
        {
            sw.attach(a);
            sw.attach(b);
            sw.attach(c);
            final Recorder recorder = new Recorder();
            b.mirror(recorder);

            a.send(new byte[60]);   // flooded to b and c: b's mirror sees the copy to b
            b.send(new byte[70]);   // b's own send, flooded to a and c
            c.send(new byte[80]);   // flooded to a and b
            b.send(new byte[99]);   // dropped by the logic: still seen as received
            a.send(new byte[61]);   // a frame that never touches b would not appear: all floods touch b here

            b.mirror(null);
            a.send(new byte[62]);   // after removal: not seen

            assertEquals(List.of("b tx 60", "b rx 70", "b tx 80", "b rx 99", "b tx 61"), recorder.events);
            sw.detach(a);
            sw.detach(b);
            sw.detach(c);
        }
    }
}
