package net.vswitch.ports.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AgentRunner;

import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Switch;

/**
 * A switch port whose client is another process, connected through a memory-mapped file
 * ({@link ShmPortDescriptor}; e.g. {@code shm:/dev/shm/vm1}). The port creates the file; a client
 * ({@link ShmClient}, or any language following the layout) attaches to it. An RX worker
 * ({@code rx-<name>}) drains the to-switch ring and forwards the frames zero-copy from the shared
 * buffers, idling with a spin/yield/park(≤1 ms) backoff and, once idle for a while, sleeping until the
 * shared {@link IdleWatcher} sees the client publish, so idle ports cost next to no CPU. The
 * from-switch ring is the port's output ring: the fabric copies frames into it and the client reads
 * them. A client that dies, stalls or scribbles over its region only affects its own port: lengths
 * and positions it writes are checked, and a full from-switch ring drops (counted), never blocks.
 */
public final class ShmPort extends Port
{
    private final Path path;
    private final ShmPortConfig config;
    private final ShmRegion region;
    private final OutputRing output;
    private final AtomicLong workerErrors = new AtomicLong();
    private final Object lifecycle = new Object();
    private ShmRxAgent agent;
    private AgentRunner runner;
    private ShmIdleStrategy idle;
    private volatile Throwable lastWorkerError;
    private boolean closed;

    public ShmPort(final String name, final Path path)
    {
        this(name, path, ShmPortConfig.defaults());
    }

    /** Creates the region file; fails with a message naming the file if it cannot. */
    public ShmPort(final String name, final Path path, final ShmPortConfig config)
    {
        super(name);
        this.path = path;
        this.config = config;
        this.region = ShmRegion.create(path, name, config);
        this.output = new OutputRing(region.fromSwitch(), counters());
    }

    @Override
    public OutputRing output()
    {
        return output;
    }

    @Override
    public String spec()
    {
        return "shm:" + path;
    }

    public Path path()
    {
        return path;
    }

    public ShmPortConfig config()
    {
        return config;
    }

    /** The pid of the attached client process, or 0. */
    public long clientPid()
    {
        return region.clientPid();
    }

    /** Times the client moved its ring positions to impossible values (the worker resynchronised). */
    public long protocolErrors()
    {
        final ShmRxAgent current = agent;
        return current == null ? 0 : current.protocolErrors();
    }

    /** Exceptions the RX worker caught (it keeps running). */
    public long workerErrors()
    {
        return workerErrors.get();
    }

    public Throwable lastWorkerError()
    {
        return lastWorkerError;
    }

    Ingress currentIngress()
    {
        return ingress();
    }

    @Override
    protected void attached(final Switch owner)
    {
        synchronized (lifecycle)
        {
            if (closed)
            {
                throw new IllegalStateException("shm port " + name() + " is closed");
            }
            idle = new ShmIdleStrategy(region.toSwitch());
            agent = new ShmRxAgent(this, region.toSwitch(), config.batch(), idle);
            runner = new AgentRunner(idle, this::onWorkerError, null, agent);
            AgentRunner.startOnThread(runner);
        }
    }

    private void onWorkerError(final Throwable ex)
    {
        if (workerErrors.getAndIncrement() == 0)
        {
            System.err.println("vswitch: shm port " + name() + " worker: " + ex);
        }
        lastWorkerError = ex;
    }

    @Override
    protected void detached()
    {
        final AgentRunner stopping;
        synchronized (lifecycle)
        {
            stopping = runner;
            runner = null;
        }
        if (stopping != null)
        {
            idle.stop();
            stopping.close();
        }
    }

    /** Tells the client the port is gone, unmaps and deletes the file; detach first. */
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
        region.state(ShmPortDescriptor.STATE_CLOSED);
        region.close();
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            System.err.println("vswitch: shm port " + name() + ": cannot delete " + path + ": " + ex);
        }
    }
}
