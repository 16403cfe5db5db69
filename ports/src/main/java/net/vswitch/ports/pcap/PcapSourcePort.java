package net.vswitch.ports.pcap;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Switch;
import net.vswitch.ports.Threads;

/**
 * A source-only port that replays a pcap file into the switch from its own worker thread
 * ({@code rx-<name>}), as fast as possible or at a fixed packet rate, {@code loop} times
 * (0 = until detached). Frames are forwarded straight from the reader's buffer (no copy before the
 * destination rings, no per-packet allocation). Every attach starts the replay from the first record;
 * when the replay ends the worker exits, so a finished port costs nothing.
 *
 * <p>Bad records never stop the switch: one longer than the snaplen is counted as a
 * {@link DropReason#MALFORMED} drop and skipped; a truncated or corrupt record is counted the same way
 * and ends the replay with {@link #failure()} set.
 */
public final class PcapSourcePort extends Port
{
    public static final int BATCH_DEFAULT = 256;

    private final Path file;
    private final long rate;
    private final long loop;
    private final int batchSize;
    private final Arena arena = Arena.ofShared();
    private final PcapReader reader;
    private final Object lifecycle = new Object();
    private Thread worker;
    private volatile boolean running;
    private volatile boolean finished;
    private volatile String failure;
    private volatile long passes;
    private volatile long replayed;
    private boolean closed;

    /**
     * Opens and validates the file now, so a bad file is reported when the port is created.
     *
     * @param rate  packets per second, 0 = as fast as possible
     * @param loop  passes over the file, 0 = forever
     * @throws PcapFormatException if the file is not a replayable pcap
     */
    public PcapSourcePort(final String name, final Path file, final long rate, final long loop)
    {
        this(name, file, rate, loop, BATCH_DEFAULT);
    }

    public PcapSourcePort(final String name, final Path file, final long rate, final long loop, final int batchSize)
    {
        super(name);
        if (rate < 0 || loop < 0)
        {
            throw new IllegalArgumentException("rate and loop must be >= 0: rate=" + rate + ", loop=" + loop);
        }
        if (batchSize < 1 || batchSize > 65536)
        {
            throw new IllegalArgumentException("batch size must be in 1..65536: " + batchSize);
        }
        this.file = file;
        this.rate = rate;
        this.loop = loop;
        this.batchSize = batchSize;
        try
        {
            this.reader = new PcapReader(file, arena);
        }
        catch (final RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    /** Source only: the switch never delivers to a pcap-in port (floods skip it). */
    @Override
    public OutputRing output()
    {
        return null;
    }

    @Override
    public String spec()
    {
        return "pcap-in:" + file + (rate > 0 ? ",rate=" + rate : "") + (loop != 1 ? ",loop=" + loop : "");
    }

    public Path file()
    {
        return file;
    }

    public PcapFileHeader header()
    {
        return reader.header();
    }

    /** Whether the current replay has ended (all passes done, or failed). */
    public boolean finished()
    {
        return finished;
    }

    /** Why the replay stopped early (truncated or corrupt file, read error), or {@code null}. */
    public String failure()
    {
        return failure;
    }

    /** Passes over the file completed in the current replay. */
    public long passes()
    {
        return passes;
    }

    /** Frames handed to the switch in the current replay. */
    public long replayed()
    {
        return replayed;
    }

    /** Waits until the replay ends; returns whether it did within the timeout. */
    public boolean awaitFinished(final long timeout, final TimeUnit unit) throws InterruptedException
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (lifecycle)
        {
            while (!finished)
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lifecycle, left);
            }
            return true;
        }
    }

    @Override
    protected void attached(final Switch owner)
    {
        synchronized (lifecycle)
        {
            if (closed)
            {
                throw new IllegalStateException("pcap-in port " + name() + " is closed");
            }
            reader.rewind();
            finished = false;
            failure = null;
            passes = 0;
            replayed = 0;
            running = true;
            worker = Thread.ofPlatform().name("rx-" + name()).daemon(true).start(this::run);
        }
    }

    @Override
    protected void detached()
    {
        final Thread thread;
        synchronized (lifecycle)
        {
            running = false;
            thread = worker;
            worker = null;
        }
        if (thread != null)
        {
            LockSupport.unpark(thread);
            Threads.joinUninterruptibly(thread);
        }
    }

    private void run()
    {
        final PacketBatch batch = new PacketBatch(batchSize);
        final IdleStrategy idle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(1));
        final long start = System.nanoTime();
        final double perNano = rate / 1e9;
        long sent = 0;
        long passStartRecords = 0;
        long malformedSeen = reader.malformed();
        long malformedBytesSeen = reader.malformedBytes();
        try
        {
            while (running)
            {
                int max = batchSize;
                if (rate > 0)
                {
                    final long due = (long)((System.nanoTime() - start) * perNano) + 1 - sent;
                    if (due <= 0)
                    {
                        idle.idle(0);
                        continue;
                    }
                    max = (int)Math.min(max, due);
                }
                final int n = reader.next(batch.clear(), max, index());
                if (reader.malformed() != malformedSeen)
                {
                    chargeMalformed(reader.malformed() - malformedSeen, reader.malformedBytes() - malformedBytesSeen);
                    malformedSeen = reader.malformed();
                    malformedBytesSeen = reader.malformedBytes();
                }
                if (n > 0)
                {
                    final Ingress ingress = ingress();
                    if (ingress == null)
                    {
                        break;
                    }
                    ingress.forward(batch);
                    sent += n;
                    replayed = sent;
                    idle.reset();
                }
                final PcapReader.State state = reader.state();
                if (state == PcapReader.State.FAILED)
                {
                    chargeMalformed(1, 0);
                    failure = reader.failure();
                    System.err.println("vswitch: pcap-in port " + name() + ": " + failure);
                    break;
                }
                if (state == PcapReader.State.END)
                {
                    passes = passes + 1;
                    final boolean empty = reader.records() == passStartRecords;
                    if (empty || (loop != 0 && passes >= loop))
                    {
                        break;
                    }
                    reader.rewind();
                    passStartRecords = 0;
                }
            }
        }
        finally
        {
            synchronized (lifecycle)
            {
                finished = true;
                lifecycle.notifyAll();
            }
        }
    }

    /** Frames the fabric never saw still count as received and dropped, so the port's books balance. */
    private void chargeMalformed(final long frames, final long bytes)
    {
        counters().rx(frames, bytes);
        counters().drop(DropReason.MALFORMED, frames);
    }

    @Override
    public void close()
    {
        requireDetached();
        synchronized (lifecycle)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        reader.close();
        arena.close();
    }
}
