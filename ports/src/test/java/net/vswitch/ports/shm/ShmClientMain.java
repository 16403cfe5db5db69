package net.vswitch.ports.shm;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The other process of the shared-memory tests.
 * {@code pump TX RX COUNT}: sends COUNT frames into port TX and receives them from port RX, never
 * more in flight than RX's ring holds, then prints {@code sent=.. sentSum=.. received=.. receivedSum=..
 * outOfOrder=..}. {@code flood TX}: sends until killed, printing {@code ready} once it is going.
 */
public final class ShmClientMain
{
    private ShmClientMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        switch (args[0])
        {
            case "pump" -> pump(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            case "flood" -> flood(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void pump(final Path txPath, final Path rxPath, final long count) throws Exception
    {
        try (ShmClient tx = ShmClient.attach(txPath);
            ShmClient rx = ShmClient.attach(rxPath))
        {
            final ShmTestFrames.Checker checker = new ShmTestFrames.Checker();
            final BackoffIdleStrategy idle = new BackoffIdleStrategy();
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            final int window = rx.rxCapacity();
            long sent = 0;
            long sentSum = 0;
            while (checker.received < count && System.nanoTime() < deadline)
            {
                int work = 0;
                final long room = Math.min(window - (sent - checker.received), count - sent);
                if (room > 0)
                {
                    final int claimed = tx.claim((int)Math.min(room, 256));
                    for (int i = 0; i < claimed; i++)
                    {
                        final long offset = tx.txBufferOffset(i);
                        final int length = ShmTestFrames.write(tx.txMemory(), offset, sent + i);
                        tx.txLength(i, length);
                        sentSum += ShmTestFrames.hash(tx.txMemory(), offset, length);
                    }
                    tx.commit(claimed);
                    sent += claimed;
                    work += claimed;
                }
                work += rx.poll(checker, 512);
                idle.idle(work);
            }
            System.out.printf("sent=%d sentSum=%x received=%d receivedSum=%x outOfOrder=%d%n", sent, sentSum,
                checker.received, checker.sum, checker.outOfOrder);
        }
    }

    private static void flood(final Path txPath)
    {
        try (ShmClient tx = ShmClient.attach(txPath))
        {
            long sent = 0;
            boolean announced = false;
            while (true)
            {
                final int claimed = tx.claim(64, 1, TimeUnit.SECONDS);
                for (int i = 0; i < claimed; i++)
                {
                    tx.txLength(i, ShmTestFrames.write(tx.txMemory(), tx.txBufferOffset(i), sent + i));
                }
                tx.commit(claimed);
                sent += claimed;
                if (!announced && sent >= 1000)
                {
                    System.out.println("ready");
                    System.out.flush();
                    announced = true;
                }
            }
        }
    }
}
