package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import net.vswitch.fabric.DropReason;
import net.vswitch.ports.virtual.VirtualPort;
import org.junit.jupiter.api.Test;

/** Reservations change while traffic flows: packets for tuples that stay reserved never go astray. */
class ThreeTupleFilterConcurrencyTest
{
    private static final int NIC = 0;
    private static final int HOST = 1;
    private static final int STACK_A = 2;
    private static final int STACK_B = 3;
    private static final int STABLE = 16;

    @Test
    void shouldDeliverStableTuplesToTheirHolderWhileOthersChurn() throws Exception
    {
        final ThreeTupleFilter filter = new ThreeTupleFilter(NIC, HOST);
        try (SwitchRig rig = new SwitchRig(filter, "nic", "host", "stack-a", "stack-b"))
        {
            for (int p = 1; p <= STABLE; p++)
            {
                filter.reserve(STACK_A, Tuple.of(L4Protocol.UDP, "10.0.0.1", p));
            }
            final VirtualPort nic = rig.ports[NIC];
            for (int i = 0; i < STABLE; i++)
            {
                final byte[] frame = FrameBuilder.udp("192.0.2.1", 40000, "10.0.0.1", 1 + i).build();
                MemorySegment.copy(frame, 0, nic.txMemory(), ValueLayout.JAVA_BYTE, nic.txBufferOffset(i),
                    frame.length);
                nic.txLength(i, frame.length);
            }
            final AtomicBoolean done = new AtomicBoolean();
            final AtomicReference<Throwable> writerFailure = new AtomicReference<>();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    for (int round = 0; round < 10; round++)
                    {
                        for (int p = 1; p <= 3000; p++)
                        {
                            filter.reserve(STACK_B, Tuple.of(L4Protocol.UDP, "10.0.0.2", p));
                        }
                        for (int p = 1; p <= 3000; p++)
                        {
                            filter.release(STACK_B, Tuple.of(L4Protocol.UDP, "10.0.0.2", p));
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    writerFailure.set(ex);
                }
                finally
                {
                    done.set(true);
                }
            });
            writer.start();
            long sent = 0;
            while (!done.get() || sent < 100 * STABLE)
            {
                assertEquals(STABLE, nic.send(STABLE));
                sent += STABLE;
                assertEquals(STABLE, rig.received(STACK_A).size());
            }
            writer.join();
            assertNull(writerFailure.get());
            assertEquals(0, rig.received(HOST).size());
            assertEquals(0, rig.received(STACK_B).size());
            assertEquals(0, rig.counters(NIC).totalDrops());
            assertEquals(sent, rig.counters(STACK_A).txPackets());
            assertEquals(STABLE, filter.size());
            assertEquals(0, rig.drops(NIC, DropReason.BAD_PORT));
        }
    }
}
