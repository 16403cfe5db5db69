package net.vswitch.ports;

/** Thread helpers the ports share. */
public final class Threads
{
    private Threads()
    {
    }

    /**
     * Waits until {@code thread} has ended even if this thread is interrupted meanwhile (a port must
     * not free memory its worker still reads); the interrupt is restored afterwards.
     */
    public static void joinUninterruptibly(final Thread thread)
    {
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
