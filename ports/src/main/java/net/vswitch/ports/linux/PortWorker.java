package net.vswitch.ports.linux;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;

/**
 * Runs a port's RX {@link Agent} on its own daemon thread (named after {@link Agent#roleName()}),
 * idling in {@link PollIdleStrategy}. An exception from {@code doWork} is counted and remembered,
 * and the loop goes on after a short pause (a persistent error must not become a busy loop).
 */
public final class PortWorker
{
    private static final long ERROR_PAUSE_NANOS = 10_000_000L;

    private final AgentRunner runner;
    private final PollIdleStrategy idle;
    private final AtomicLong errors = new AtomicLong();
    private volatile Throwable lastError;

    private PortWorker(final Agent agent, final PollIdleStrategy idle)
    {
        this.idle = idle;
        this.runner = new AgentRunner(idle, this::onError, null, agent);
    }

    /** Starts {@code agent} on a new daemon thread. */
    public static PortWorker start(final Agent agent, final PollIdleStrategy idle)
    {
        final PortWorker worker = new PortWorker(agent, idle);
        AgentRunner.startOnThread(worker.runner, runnable ->
        {
            final Thread thread = new Thread(runnable, agent.roleName());
            thread.setDaemon(true);
            return thread;
        });
        return worker;
    }

    private void onError(final Throwable ex)
    {
        errors.incrementAndGet();
        lastError = ex;
        LockSupport.parkNanos(ERROR_PAUSE_NANOS);
    }

    /** Exceptions {@code doWork} threw so far. */
    public long errors()
    {
        return errors.get();
    }

    /** The last exception {@code doWork} threw, or {@code null}. */
    public Throwable lastError()
    {
        return lastError;
    }

    /** Stops the thread and waits for it; wakes it out of poll so this takes microseconds, not a timeout. */
    public void stop()
    {
        idle.wake();
        runner.close(1, thread -> idle.wake());
    }
}
