package net.vswitch.ports.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.locks.LockSupport;

import net.vswitch.natives.libc.Poll;
import net.vswitch.natives.libc.SysEventfd;
import net.vswitch.natives.libc.Unistd;
import org.agrona.concurrent.IdleStrategy;

/**
 * Idles an RX worker in {@code poll(2)} on its device descriptor, so an idle port costs no CPU
 * (the interrupt model of mSwitch). An eventfd in the same poll set lets other threads
 * {@link #wake()} the worker (to stop it, or to retry a blocked transmit). The timeout bounds how
 * long a stop or a transient error can go unnoticed. Right after work the worker keeps looking for
 * {@code spinNanos} before it sleeps: under steady traffic the next frame usually comes sooner than a
 * sleep-and-wake round trip, and an idle port still sleeps (the spin only follows work).
 */
public final class PollIdleStrategy implements IdleStrategy
{
    private static final int DEVICE = 0;
    private static final int WAKEUP = 1;
    private static final short ERROR_EVENTS = Poll.POLLERR | Poll.POLLHUP | Poll.POLLNVAL;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment fds;
    private final MemorySegment one;
    private final MemorySegment drain;
    private final int eventFd;
    private final int timeoutMillis;
    private final long spinNanos;
    private long lastWork;
    private volatile int shortTimeoutMillis = -1;
    private long deviceErrors;

    /**
     * @param timeoutMillis longest wait before the worker looks again (stop flag, retries)
     * @param spinNanos     how long to keep looking after work before sleeping (0: sleep at once)
     */
    public PollIdleStrategy(final int deviceFd, final int timeoutMillis, final long spinNanos)
    {
        this.timeoutMillis = timeoutMillis;
        this.spinNanos = spinNanos;
        this.eventFd = SysEventfd.eventfd(0, SysEventfd.EFD_NONBLOCK | SysEventfd.EFD_CLOEXEC);
        this.fds = arena.allocate(Poll.POLLFD_SIZE * 2, 8);
        this.one = arena.allocate(ValueLayout.JAVA_LONG);
        this.drain = arena.allocate(ValueLayout.JAVA_LONG);
        one.set(ValueLayout.JAVA_LONG, 0, 1L);
        Poll.pollfd(fds, DEVICE, deviceFd, Poll.POLLIN);
        Poll.pollfd(fds, WAKEUP, eventFd, Poll.POLLIN);
    }

    /** Worker thread only: also wake when the device can take output (a transmit waits for room). */
    public void wantOutput(final boolean want)
    {
        Poll.events(fds, DEVICE, want ? (short)(Poll.POLLIN | Poll.POLLOUT) : Poll.POLLIN);
        shortTimeoutMillis = want ? 1 : -1;
    }

    /** Any thread: makes the worker's current or next wait return at once. */
    public void wake()
    {
        Unistd.writeOrErrno(eventFd, one, 8);
    }

    /** Times poll reported an error condition on the device (e.g. the interface went away). */
    public long deviceErrors()
    {
        return deviceErrors;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            if (spinNanos > 0)
            {
                lastWork = System.nanoTime();
            }
            return;
        }
        if (spinNanos > 0 && System.nanoTime() - lastWork < spinNanos)
        {
            Thread.onSpinWait();
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        final int shortTimeout = shortTimeoutMillis;
        final int timeout = shortTimeout >= 0 ? shortTimeout : timeoutMillis;
        final int ready = Poll.pollOrErrno(fds, 2, timeout);
        if (ready <= 0)
        {
            return;
        }
        if ((Poll.revents(fds, WAKEUP) & Poll.POLLIN) != 0)
        {
            Unistd.readOrErrno(eventFd, drain, 8);
        }
        final short device = Poll.revents(fds, DEVICE);
        if ((device & ERROR_EVENTS) != 0 && (device & Poll.POLLIN) == 0)
        {
            // an error that stays readable (device gone) would otherwise turn poll into a busy loop
            deviceErrors++;
            LockSupport.parkNanos(timeout * 1_000_000L);
        }
    }

    @Override
    public void reset()
    {
    }

    @Override
    public String alias()
    {
        return "poll";
    }

    /** Frees the eventfd; call after the worker stopped. */
    public void close()
    {
        Unistd.closeOrErrno(eventFd);
        arena.close();
    }
}
