package net.vswitch.logic.conntrack;

/**
 * Spare connection objects shared by all stripes. Each stripe keeps a few of its own; one with too many
 * gives the surplus here and one with none takes from here before creating a new object. Without it the
 * stripes' live counts drift apart under churn and some keep creating objects while others sit on idle
 * ones. Touched only at those extremes, under its own lock (always taken inside a stripe's, never the
 * other way round). Bounded: a full pool lets the object go.
 */
final class ConnectionPool
{
    private final Connection[] spares;
    private int count;

    ConnectionPool(final int capacity)
    {
        this.spares = new Connection[capacity];
    }

    synchronized boolean offer(final Connection c)
    {
        if (count == spares.length)
        {
            return false;
        }
        spares[count++] = c;
        return true;
    }

    /** A spare connection, or null when there is none. */
    synchronized Connection poll()
    {
        if (count == 0)
        {
            return null;
        }
        final Connection c = spares[--count];
        spares[count] = null;
        return c;
    }
}
