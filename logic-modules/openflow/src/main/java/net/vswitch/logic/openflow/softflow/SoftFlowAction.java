package net.vswitch.logic.openflow.softflow;

import java.util.Map;

import net.vswitch.fabric.Packet;

/**
 * A SoftFlow action (Jackson et al., ATC'16): stateful Java code a flow runs with {@code softflow(NAME,ARG)}.
 * The action sees the packets a stage sends to it, may read and write each packet's {@code sf_metadata}
 * ({@link Packet#metadata()}) and modify the packet, and passes or drops each one. Every packet it passes
 * re-enters table 0 with {@code sf_stage + 1} and {@code sf_action = NAME}, where flows match what it wrote.
 *
 * <p>Called on a forwarding thread, one ingress port's packets from one thread at a time, but several ports'
 * threads may call one instance at once: keep shared state thread-safe. Must not block and should not allocate
 * per packet. A throw drops the packets of that call only (counted as a logic error).
 */
public interface SoftFlowAction
{
    /** The name flows use in {@code softflow(NAME,ARG)}. */
    String name();

    /**
     * Processes {@code count} packets of one stage, all sent with the same {@code argument}.
     *
     * @param verdicts set {@code verdicts[i] = false} to drop packet i (all start true)
     */
    void ingress(Packet[] packets, int count, long argument, boolean[] verdicts);

    /** Counters for {@code show} (reported as {@code sf_NAME_KEY}). */
    default Map<String, Long> counters()
    {
        return Map.of();
    }

    /** Releases what the action holds when the logic stops. */
    default void close()
    {
    }
}
