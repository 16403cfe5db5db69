package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Packet;

/**
 * Several threads commit and track overlapping connections at once (each connection's two directions from
 * two different threads, as two ingress ports would) while a control thread dumps and expires: nothing is
 * lost, duplicated or corrupted, and the counters add up exactly.
 */
class ConcurrencyTest extends TrackerFixture
{
    private static final int THREADS = 4;
    private static final int CONNECTIONS = 2000;
    private static final int ROUNDS = 5;

    @Test
    void shouldTrackOverlappingConnectionsFromManyThreadsExactly() throws Exception
    {
        tracker = tracker(ConntrackConfig.builder().stripes(16));
        final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
        try
        {
            final CyclicBarrier start = new CyclicBarrier(THREADS + 1);
            final List<Future<long[]>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int thread = t;
                workers.add(pool.submit(() -> work(thread, start)));
            }
            final Future<?> control = pool.submit(() ->
            {
                start.await();
                for (int i = 0; i < 50; i++)
                {
                    tracker.dump(ConnectionTracker.ALL_ZONES);
                    tracker.expire();
                    tracker.counters();
                }
                return null;
            });
            long newVerdicts = 0;
            long established = 0;
            for (final Future<long[]> worker : workers)
            {
                final long[] counts = worker.get(120, TimeUnit.SECONDS);
                newVerdicts += counts[0];
                established += counts[1];
            }
            control.get(120, TimeUnit.SECONDS);
            // every connection is committed by exactly one of its two threads' first packets
            assertEquals(CONNECTIONS, tracker.size());
            assertEquals(CONNECTIONS, counter("created"));
            assertEquals(0, counter("invalid"));
            assertEquals((long)THREADS * CONNECTIONS / 2 * ROUNDS, newVerdicts + established);
            assertEquals(newVerdicts + established, counter("tracked"));
            assertEquals(CONNECTIONS, tracker.dump(ConnectionTracker.ALL_ZONES).stream().distinct().count());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    /**
     * Thread t sends, for the connections c with c % (THREADS / 2) == t / 2, the direction t % 2: UDP from
     * client (even threads) or server (odd threads), so each connection is hit from two threads.
     */
    private long[] work(final int thread, final CyclicBarrier start) throws Exception
    {
        final List<Packet> packets = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++)
        {
            if (c % (THREADS / 2) != thread / 2)
            {
                continue;
            }
            final String client = "10.1." + (c >>> 8) + "." + (c & 0xFF);
            packets.add(Frames.packet(thread % 2 == 0 ? Frames.udp(client, 1000 + c, "10.2.0.1", 53)
                : Frames.udp("10.2.0.1", 53, client, 1000 + c)));
        }
        start.await();
        long fresh = 0;
        long established = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            for (final Packet packet : packets)
            {
                packet.ctState(0);
                final int state = tracker.commit(packet, 3);
                if ((state & CtState.NEW) != 0)
                {
                    fresh++;
                }
                else if ((state & CtState.ESTABLISHED) != 0)
                {
                    established++;
                }
            }
        }
        return new long[] {fresh, established};
    }
}
