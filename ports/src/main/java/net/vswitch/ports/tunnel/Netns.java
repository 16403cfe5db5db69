package net.vswitch.ports.tunnel;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

import net.vswitch.natives.libc.Fcntl;
import net.vswitch.natives.libc.Sched;
import net.vswitch.natives.libc.Unistd;

/**
 * Opens a socket inside another network namespace. {@code setns(2)} moves only the calling thread, so
 * the socket is created on a short-lived thread of its own and the JVM's other threads stay where they
 * are; the socket keeps its namespace for life wherever it is used from.
 */
final class Netns
{
    private Netns()
    {
    }

    /** Runs {@code open} in namespace {@code name} (under /var/run/netns), or here when {@code name} is null. */
    static int open(final String name, final IntSupplier open)
    {
        if (name == null)
        {
            return open.getAsInt();
        }
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final int[] fd = {-1};
        final Thread thread = new Thread(() ->
        {
            try
            {
                final int ns = Fcntl.open("/var/run/netns/" + name, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC, 0);
                try
                {
                    Sched.setns(ns, Sched.CLONE_NEWNET);
                }
                finally
                {
                    Unistd.closeOrErrno(ns);
                }
                fd[0] = open.getAsInt();
            }
            catch (final RuntimeException ex)
            {
                failure.set(ex);
            }
        }, "netns-" + name);
        thread.start();
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening a socket in netns " + name, ex);
        }
        if (failure.get() != null)
        {
            throw new IllegalStateException("netns " + name + ": " + failure.get().getMessage(), failure.get());
        }
        return fd[0];
    }
}
