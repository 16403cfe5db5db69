package net.vswitch.logic.openflow;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The module's timer thread (started in {@code start()}, stopped in {@code stop()}): every interval it credits
 * megaflow hits to the flow entries, expires idle megaflows and flow entries past their idle or hard timeout.
 * The work itself is {@link OpenFlowLogic#sweep()}, which tests call directly with a manual clock.
 */
final class Revalidator implements Runnable
{
    private final OpenFlowLogic logic;
    private final long intervalNanos;
    private volatile boolean running = true;
    private Thread thread;

    Revalidator(final OpenFlowLogic logic, final long intervalMillis)
    {
        this.logic = logic;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    void start(final String switchName)
    {
        thread = new Thread(this, "openflow-revalidator-" + switchName);
        thread.setDaemon(true);
        thread.start();
    }

    void stop()
    {
        running = false;
        if (thread != null)
        {
            LockSupport.unpark(thread);
            try
            {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run()
    {
        while (running)
        {
            LockSupport.parkNanos(intervalNanos);
            if (!running)
            {
                return;
            }
            try
            {
                logic.sweep();
            }
            catch (final RuntimeException ex)
            {
                logic.sweepFailed(ex);
            }
        }
    }
}
