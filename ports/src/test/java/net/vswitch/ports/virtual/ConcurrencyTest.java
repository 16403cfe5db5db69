package net.vswitch.ports.virtual;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.basic.StaticLogic;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Many senders, one destination, runtime changes: nothing lost, duplicated or corrupted. */
class ConcurrencyTest
{
    private static final int SENDERS = 4;
    private static final int FRAMES_PER_SENDER = 200_000;
    private static final int BATCH = 64;

    /** Frame: 14 B Ethernet, sender (4), sequence (4), random-ish payload, CRC32 of all before it (4). */
    private static void writeFrame(final MemorySegment m, final long at, final int sender, final int seq,
        final int length)
    {
        m.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0x0000_0100_0000_0002L);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, at + 8, sender);
        m.set(ValueLayout.JAVA_SHORT_UNALIGNED, at + 12, (short)0xB588);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, at + 14, sender);
        m.set(ValueLayout.JAVA_INT_UNALIGNED, at + 18, seq);
        for (int i = 22; i < length - 4; i++)
        {
            m.set(ValueLayout.JAVA_BYTE, at + i, (byte)(seq * 31 + i));
        }
        m.set(ValueLayout.JAVA_INT_UNALIGNED, at + length - 4, crc(m, at, length - 4));
    }

    private static int crc(final MemorySegment m, final long at, final int length)
    {
        final CRC32 crc = new CRC32();
        crc.update(m.asSlice(at, length).asByteBuffer());
        return (int)crc.getValue();
    }

    @Test
    void shouldDeliverEverythingFromManySendersIntactAndInSenderOrder() throws Exception
    {
        final VirtualPort sink = new VirtualPort("sink", VirtualPortConfig.defaults().withRxSlots(1024));
        final List<VirtualPort> senders = new ArrayList<>();
        try (Switch sw = new Switch("conc", (p, in) -> 0))
        {
            sw.attach(sink);
            for (int s = 0; s < SENDERS; s++)
            {
                final VirtualPort port = new VirtualPort("s" + s);
                senders.add(port);
                sw.attach(port);
            }
            final AtomicBoolean done = new AtomicBoolean();
            final long[] lastSeq = new long[SENDERS];
            java.util.Arrays.fill(lastSeq, -1);
            final AtomicLong received = new AtomicLong();
            final AtomicLong corrupt = new AtomicLong();
            final AtomicLong reordered = new AtomicLong();
            final Thread consumer = new Thread(() ->
            {
                final FrameHandler check = (m, at, len) ->
                {
                    if (crc(m, at, len - 4) != m.get(ValueLayout.JAVA_INT_UNALIGNED, at + len - 4))
                    {
                        corrupt.incrementAndGet();
                        return;
                    }
                    final int sender = m.get(ValueLayout.JAVA_INT_UNALIGNED, at + 14);
                    final int seq = m.get(ValueLayout.JAVA_INT_UNALIGNED, at + 18);
                    if (seq <= lastSeq[sender])
                    {
                        reordered.incrementAndGet();
                    }
                    lastSeq[sender] = seq;
                    received.incrementAndGet();
                };
                while (!done.get() || sink.available() > 0)
                {
                    sink.poll(check, 256, 10, TimeUnit.MILLISECONDS);
                }
            });
            consumer.start();
            final List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++)
            {
                final VirtualPort port = senders.get(s);
                final int id = s;
                threads.add(new Thread(() ->
                {
                    for (int seq = 0; seq < FRAMES_PER_SENDER; seq += BATCH)
                    {
                        for (int i = 0; i < BATCH; i++)
                        {
                            final int length = 64 + ((seq + i) % 200);
                            writeFrame(port.txMemory(), port.txBufferOffset(i), id, seq + i, length);
                            port.txLength(i, length);
                        }
                        port.send(BATCH);
                        if ((seq / BATCH) % 8 == 0)
                        {
                            Thread.yield(); // give the consumer a chance on 2 cores
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads)
            {
                t.join();
            }
            done.set(true);
            consumer.join();

            long ringFull = 0;
            for (final VirtualPort port : senders)
            {
                ringFull += port.counters().drops(DropReason.RING_FULL);
                assertEquals(FRAMES_PER_SENDER, port.counters().rxPackets());
            }
            assertEquals(0, corrupt.get(), "corrupted frames");
            assertEquals(0, reordered.get(), "per-sender order");
            assertEquals((long)SENDERS * FRAMES_PER_SENDER, received.get() + ringFull, "delivered + dropped");
            assertEquals(received.get(), sink.counters().txPackets());
            assertTrue(received.get() > 0);
            sw.close();
        }
        finally
        {
            sink.close();
            senders.forEach(VirtualPort::close);
        }
    }

    @Test
    void shouldAccountForEveryFrameWhilePortsComeAndGoAndLogicChanges() throws Exception
    {
        final List<Port> everyPort = new ArrayList<>();
        final VirtualPortConfig sinkConfig = VirtualPortConfig.defaults().withRxSlots(256).withSink(true);
        try (Switch sw = new Switch("churn", new StaticLogic()))
        {
            final List<VirtualPort> senders = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                final VirtualPort port = new VirtualPort("base" + i, sinkConfig);
                everyPort.add(port);
                sw.attach(port);
                if (i < 2)
                {
                    senders.add(port);
                }
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final List<Thread> threads = new ArrayList<>();
            for (final VirtualPort port : senders)
            {
                for (int i = 0; i < BATCH; i++)
                {
                    writeFrame(port.txMemory(), port.txBufferOffset(i), 0, i, 60);
                    port.txLength(i, 60);
                }
                threads.add(new Thread(() ->
                {
                    while (!stop.get())
                    {
                        port.send(BATCH);
                    }
                }));
            }
            threads.forEach(Thread::start);
            final SwitchLogic[] logics = {new StaticLogic(), (p, in) -> SwitchLogic.BROADCAST,
                (p, in) -> 3, (p, in) -> { throw new IllegalStateException("flaky"); }};
            for (int round = 0; round < 200; round++)
            {
                final VirtualPort extra = new VirtualPort("extra" + round, sinkConfig);
                everyPort.add(extra);
                sw.attach(extra);
                sw.logic(logics[round % logics.length]);
                Thread.sleep(1);
                sw.detach(extra);
                extra.close();
            }
            stop.set(true);
            for (final Thread t : threads)
            {
                t.join();
            }
            long in = 0;
            long out = 0;
            long forwarded = 0;
            long tx = 0;
            for (final Port port : everyPort)
            {
                final PortCounters c = port.counters();
                in += c.rxPackets() + c.replicated();
                out += c.forwarded() + c.ingressDrops();
                forwarded += c.forwarded();
                tx += c.txPackets();
            }
            assertTrue(in > 0);
            assertEquals(in, out, "rx + replicated == forwarded + drops");
            assertEquals(forwarded, tx, "forwarded == tx");
            sw.close();
        }
        finally
        {
            for (final Port port : everyPort)
            {
                port.close();
            }
        }
    }
}
