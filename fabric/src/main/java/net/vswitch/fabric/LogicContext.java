package net.vswitch.fabric;

import java.lang.foreign.MemorySegment;

/**
 * What a logic module may know of the switch it runs on: its ports (names, indexes, stable numbers)
 * and its clock.
 *
 * <p>The defaults serve contexts without a fabric (a module's unit tests): they number ports
 * {@code index + 1}. {@link Switch} overrides them with its real state.
 */
public interface LogicContext
{
    String switchName();

    /** Current port names by index ({@code null} where no port is attached). */
    String[] portNames();

    Clock clock();

    /**
     * The stable number of the port at {@code index}: 1, 2, 3, ... in attach order, never reused after
     * a detach (OpenFlow's port number; the index, by contrast, is reused). -1 when no port is there.
     */
    default int portNumber(final int index)
    {
        final String[] names = portNames();
        return index >= 0 && index < names.length && names[index] != null ? index + 1 : -1;
    }

    /** The index of the port with stable number {@code number}, or -1 when no attached port has it. */
    default int portIndex(final int number)
    {
        return portNumber(number - 1) == number ? number - 1 : -1;
    }

    /**
     * The grace period (RCU's {@code synchronize_rcu}): returns once every batch that had started
     * forwarding before the call has finished. A module that replaces a table the data path reads
     * publishes the new one, calls this, and may then reuse or free the old one: no packet still
     * sees it. Batches that start after the call are not waited for, so this returns under
     * continuous traffic too.
     *
     * <p>Control threads only (a ctl command, the module's own timer or channel thread): called from
     * inside {@link SwitchLogic#lookup} it would wait for its own batch forever. The default, for
     * contexts without forwarding threads, has nothing to wait for.
     */
    default void synchronize()
    {
    }

    /**
     * Forwards one frame as if the port at {@code ingressIndex} had received it, through
     * {@code logicOrNull} or, when {@code null}, the switch's current logic (see {@link Switch#inject}).
     * For a module's own threads (an OpenFlow channel's packet-out); the logic calls for the frame
     * come from the calling thread.
     *
     * @return how many copies were delivered
     */
    default int inject(final int ingressIndex, final MemorySegment frame, final long offset, final int length,
        final SwitchLogic logicOrNull)
    {
        throw new UnsupportedOperationException("context " + switchName() + " has no fabric to inject into");
    }
}
