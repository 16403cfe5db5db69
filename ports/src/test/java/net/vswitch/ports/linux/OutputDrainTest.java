package net.vswitch.ports.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Ring;
import net.vswitch.natives.libc.SysEventfd;
import net.vswitch.natives.libc.Unistd;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputDrainTest
{
    private static final int SENDERS = 3;
    private static final int FRAMES_PER_SENDER = 20_000;

    @Test
    void shouldDeliverEveryCommittedFrameOnceDespiteRacesAndABlockingDevice() throws Exception
    {
        final int deviceFd = SysEventfd.eventfd(0, SysEventfd.EFD_NONBLOCK | SysEventfd.EFD_CLOEXEC);
        try (Arena arena = Arena.ofShared())
        {
            final Ring ring = Ring.allocate(arena, 64, 64);
            final OutputRing output = new OutputRing(ring, new PortCounters());
            final PollIdleStrategy idle = new PollIdleStrategy(deviceFd, 5, 0);
            final ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
            final AtomicInteger duplicates = new AtomicInteger();
            final AtomicInteger calls = new AtomicInteger();
            final OutputDrain[] holder = new OutputDrain[1];
            // a device that takes at most 5 frames per call and refuses every third call outright
            final OutputDrain drain = new OutputDrain(ring, (r, tail) ->
            {
                long head = r.head();
                int moved = 0;
                final boolean refuse = calls.incrementAndGet() % 3 == 0;
                while (head != tail && !refuse && moved < 5)
                {
                    final long value = r.memory().get(ValueLayout.JAVA_LONG, r.bufferOffset(head));
                    if (seen.put(value, Boolean.TRUE) != null)
                    {
                        duplicates.incrementAndGet();
                    }
                    head++;
                    moved++;
                }
                r.head(head);
                if (head != tail)
                {
                    holder[0].blocked();
                }
                return moved;
            }, idle);
            holder[0] = drain;

            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread worker = new Thread(() ->
            {
                while (running.get())
                {
                    idle.idle(drain.retryBlocked());
                }
            });
            worker.start();
            final CountDownLatch done = new CountDownLatch(SENDERS);
            for (int s = 0; s < SENDERS; s++)
            {
                final int sender = s;
                new Thread(() ->
                {
                    final OutputRing.Lease lease = new OutputRing.Lease();
                    int sent = 0;
                    while (sent < FRAMES_PER_SENDER)
                    {
                        if (output.reserve(1, lease) == 1)
                        {
                            ring.memory().set(ValueLayout.JAVA_LONG, ring.bufferOffset(lease.start()),
                                ((long)sender << 32) | sent);
                            ring.slotLength(lease.start(), 8);
                            output.commit(lease);
                            sent++;
                        }
                        drain.drain();
                    }
                    done.countDown();
                }).start();
            }
            done.await();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (seen.size() < SENDERS * FRAMES_PER_SENDER && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            running.set(false);
            idle.wake();
            worker.join();
            idle.close();

            assertEquals(SENDERS * FRAMES_PER_SENDER, seen.size(), "frames delivered");
            assertEquals(0, duplicates.get(), "frames delivered twice");
            assertEquals(ring.tail(), ring.head(), "output ring drained");
            assertTrue(calls.get() > 0);
        }
        finally
        {
            Unistd.closeOrErrno(deviceFd);
        }
    }
}
