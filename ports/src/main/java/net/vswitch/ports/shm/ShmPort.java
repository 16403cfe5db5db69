package net.vswitch.ports.shm;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AgentRunner;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.Switch;

/**
 * A switch port whose client is another process ({@link ShmPortDescriptor}; e.g. {@code shm:/dev/shm/vm1}).
 * The port creates its region in a sealed memfd (no process can shrink or grow it) and listens on a
 * Unix socket at the path; a client ({@link ShmClient}, or any language following the layout) connects
 * and receives the memfd ({@link ShmHandshake}). An RX worker ({@code rx-<name>}) drains the to-switch
 * ring and forwards the frames zero-copy from the shared buffers, idling with a spin/yield/park(≤1 ms)
 * backoff and, once idle for a while, sleeping until the shared {@link IdleWatcher} sees the client
 * publish. The from-switch ring is the port's output ring: the fabric copies frames into it and the
 * client reads them.
 *
 * <p>A client that dies, stalls or scribbles over its region only affects its own port: lengths and
 * positions it writes are checked (bad slots count as {@code malformed}, position jumps as
 * {@code protocol_error}), and a full from-switch ring drops (counted), never blocks. Should touching
 * the region fault anyway, the port is {@link #quarantine quarantined}: counted once as
 * {@code port_fault}, its worker and client connection stopped, and the fabric drops what others send
 * it as {@code quarantined}; other ports and threads go on.
 */
public final class ShmPort extends Port
{
    private final Path path;
    private final ShmPortConfig config;
    private final ShmRegion region;
    private final OutputRing output;
    private final ShmListener listener;
    private final AtomicLong workerErrors = new AtomicLong();
    private final AtomicLong protocolErrors = new AtomicLong();
    private final Object lifecycle = new Object();
    private ShmRxAgent agent;
    private AgentRunner runner;
    private ShmIdleStrategy idle;
    private volatile Throwable lastWorkerError;
    private volatile Throwable fault;
    private boolean closed;
    private long protocolErrorsCounted;
    private boolean faultCounted;

    public ShmPort(final String name, final Path path)
    {
        this(name, path, ShmPortConfig.defaults());
    }

    /** Creates the region and the socket; fails with a message naming the path if it cannot. */
    public ShmPort(final String name, final Path path, final ShmPortConfig config)
    {
        this(name, path, config, ShmRegion.create(name, config));
    }

    /** Serves a region made elsewhere (tests use a file they can truncate); the port owns it. */
    ShmPort(final String name, final Path path, final ShmPortConfig config, final ShmRegion region)
    {
        super(name);
        this.path = path;
        this.config = config;
        this.region = region;
        this.output = new OutputRing(region.fromSwitch(), counters());
        try
        {
            this.listener = ShmListener.start(this, path);
        }
        catch (final RuntimeException ex)
        {
            region.close();
            throw ex;
        }
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

    /** Where the port's Unix socket is. */
    public Path path()
    {
        return path;
    }

    public ShmPortConfig config()
    {
        return config;
    }

    /** The pid of the connected client process ({@code SO_PEERCRED}), or 0. */
    public long clientPid()
    {
        return listener.clientPid();
    }

    /** Times the client broke the protocol (a position jump, a message after its hello, a bad hello). */
    public long protocolErrors()
    {
        return protocolErrors.get();
    }

    /** Exceptions the RX worker caught. */
    public long workerErrors()
    {
        return workerErrors.get();
    }

    public Throwable lastWorkerError()
    {
        return lastWorkerError;
    }

    /** What quarantined the port, or null. */
    public Throwable fault()
    {
        return fault;
    }

    ShmRegion region()
    {
        return region;
    }

    long regionLength()
    {
        return region.memory().byteSize();
    }

    int regionFd()
    {
        return region.fd();
    }

    Ingress currentIngress()
    {
        return ingress();
    }

    /** Any thread: counted on the port's counters by its RX worker (their single writer), or at detach. */
    void protocolError()
    {
        protocolErrors.incrementAndGet();
    }

    /**
     * Moves protocol errors and a quarantine into the port's counters, each as one received unit
     * dropped under its reason, so rx + replicated = forwarded + drops still holds. Only the thread that
     * writes the port's ingress counters calls it: the RX worker, or the control thread after detach.
     */
    void foldCounts()
    {
        final long errors = protocolErrors.get();
        final long fresh = errors - protocolErrorsCounted;
        if (fresh != 0)
        {
            protocolErrorsCounted = errors;
            counters().rx(fresh, 0);
            counters().drop(DropReason.PROTOCOL_ERROR, fresh);
        }
        if (quarantined() && !faultCounted)
        {
            faultCounted = true;
            counters().rx(1, 0);
            counters().drop(DropReason.PORT_FAULT, 1);
        }
    }

    void clientJoined(final long pid)
    {
        guarded(() -> region.clientPid(pid));
    }

    void clientLeft()
    {
        guarded(() -> region.clientPid(0));
    }

    void listenerError(final Throwable ex)
    {
        onWorkerError(ex);
    }

    /** Writes into the region that must not take a thread down if the memory faults. */
    private void guarded(final Runnable write)
    {
        if (quarantined())
        {
            return;
        }
        try
        {
            write.run();
        }
        catch (final RuntimeException | InternalError ex)
        {
            quarantine(ex);
        }
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
            if (quarantined())
            {
                return;
            }
            idle = new ShmIdleStrategy(region.toSwitch(), region::intact);
            agent = new ShmRxAgent(this, region.toSwitch(), config.batch(), idle);
            runner = new AgentRunner(idle, this::onWorkerError, null, agent);
            AgentRunner.startOnThread(runner);
        }
    }

    private void onWorkerError(final Throwable ex)
    {
        if (ex instanceof org.agrona.concurrent.AgentTerminationException)
        {
            return;
        }
        if (workerErrors.getAndIncrement() == 0)
        {
            System.err.println("vswitch: shm port " + name() + " worker: " + ex);
        }
        lastWorkerError = ex;
    }

    @Override
    protected void faulted(final Throwable cause)
    {
        fault = cause;
        System.err.println("vswitch: shm port " + name() + " quarantined: " + cause);
        listener.refuseAll("shm port " + name() + " is quarantined (touching its memory faulted: " + cause
            + "); remove the port and add it again");
        final ShmIdleStrategy sleeping = idle;
        if (sleeping != null)
        {
            // the worker sees the quarantine, counts it and ends
            sleeping.stop();
        }
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
        foldCounts();
    }

    /** Tells the client the port is gone, closes the socket and unmaps the region; detach first. */
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
        guarded(() -> region.state(ShmPortDescriptor.STATE_CLOSED));
        listener.close();
        region.close();
    }
}
