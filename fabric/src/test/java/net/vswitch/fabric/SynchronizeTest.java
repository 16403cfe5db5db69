package net.vswitch.fabric;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynchronizeTest
{
    /** A thread per task: the common pool may have a single worker on a small machine. */
    private static final Executor THREADS = task -> Thread.ofPlatform().daemon().start(task);

    @Test
    void waitsForTheBatchThatStartedBeforeIt() throws Exception
    {
        final CountDownLatch inLookup = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final SwitchLogic logic = (packet, ingress) ->
        {
            inLookup.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return 1;
        };
        final TestPort a = new TestPort("a");
        final TestPort b = new TestPort("b");
        try (Switch sw = new Switch("grace", logic))
        {
            sw.attach(a);
            sw.attach(b);
            final List<byte[]> frame = List.of(Frames.withId(1, 60));
            final CompletableFuture<Integer> sent = CompletableFuture.supplyAsync(() -> a.send(frame), THREADS);
            assertTrue(inLookup.await(10, TimeUnit.SECONDS), "the batch reached the logic");
            final CompletableFuture<Void> grace = CompletableFuture.runAsync(sw::synchronize, THREADS);
            // the batch is parked in lookup: however long we look, synchronize must not have returned
            Thread.sleep(100);
            assertFalse(grace.isDone(), "synchronize returned while a batch that started before it still ran");
            release.countDown();
            grace.get(10, TimeUnit.SECONDS);
            assertEquals(1, b.drain().size(), "synchronize returned only after the batch was delivered");
            assertEquals(1, sent.get(10, TimeUnit.SECONDS));
        }
        finally
        {
            release.countDown();
            a.close();
            b.close();
        }
    }

    @Test
    void waitsForAnInjectedFrameStillInItsLookup() throws Exception
    {
        final CountDownLatch inLookup = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final SwitchLogic blocking = (packet, ingress) ->
        {
            inLookup.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return 1;
        };
        final TestPort a = new TestPort("a");
        final TestPort b = new TestPort("b");
        try (Switch sw = new Switch("grace", (packet, ingress) -> SwitchLogic.DROP))
        {
            sw.attach(a);
            sw.attach(b);
            final byte[] frame = Frames.withId(1, 60);
            final CompletableFuture<Integer> injected = CompletableFuture.supplyAsync(
                () -> sw.inject(0, java.lang.foreign.MemorySegment.ofArray(frame), 0, frame.length, blocking), THREADS);
            assertTrue(inLookup.await(10, TimeUnit.SECONDS), "the injected frame reached its logic");
            final CompletableFuture<Void> grace = CompletableFuture.runAsync(sw::synchronize, THREADS);
            Thread.sleep(100);
            assertFalse(grace.isDone(), "synchronize returned while an injected frame was still being decided");
            release.countDown();
            grace.get(10, TimeUnit.SECONDS);
            assertEquals(1, b.drain().size(), "synchronize returned only after the injected frame was delivered");
            assertEquals(1, injected.get(10, TimeUnit.SECONDS));
        }
        finally
        {
            release.countDown();
            a.close();
            b.close();
        }
    }

    @Test
    void returnsUnderContinuousTraffic() throws Exception
    {
        final TestPort a = new TestPort("a");
        final TestPort b = new TestPort("b");
        final AtomicBoolean running = new AtomicBoolean(true);
        try (Switch sw = new Switch("busy", (packet, ingress) -> SwitchLogic.DROP))
        {
            sw.attach(a);
            sw.attach(b);
            final List<byte[]> frames = List.of(Frames.withId(1, 60), Frames.withId(2, 60));
            final CompletableFuture<Void> traffic = CompletableFuture.runAsync(() ->
            {
                while (running.get())
                {
                    a.send(frames);
                }
            }, THREADS);
            for (int i = 0; i < 50; i++)
            {
                CompletableFuture.runAsync(sw::synchronize, THREADS).get(10, TimeUnit.SECONDS);
            }
            running.set(false);
            traffic.get(10, TimeUnit.SECONDS);
            final PortCounters c = a.counters();
            assertEquals(c.rxPackets(), c.drops(DropReason.NO_ROUTE));
        }
        finally
        {
            running.set(false);
            a.close();
            b.close();
        }
    }
}
