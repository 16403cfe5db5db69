package net.vswitch.logic.conntrack;

/**
 * Chooses connections for {@link ConnectionTracker#removeIf(ConnectionFilter)}: e.g. the security groups
 * clear every connection a deleted rule allowed. Called under the tracker's stripe lock on a control
 * thread: keep it short and do not call back into the tracker.
 */
@FunctionalInterface
public interface ConnectionFilter
{
    /**
     * @param connection a read-only view, valid only during this call
     * @return whether to remove the connection
     */
    boolean test(ConnectionView connection);
}
