package net.vswitch.fabric;

/**
 * Observes how long each batch takes to forward (logic + delivery), for the daemon's latency
 * histogram. Opt-in per switch with {@link Switch#forwardTimer(ForwardTimer)}: unset, the data path
 * pays one field read per batch; set, two {@code System.nanoTime()} calls per batch, never per packet.
 * Called on data path threads, possibly concurrently: implementations must be wait-free and allocation-free.
 */
@FunctionalInterface
public interface ForwardTimer
{
    /**
     * @param packets frames in the batch
     * @param nanos   time spent in {@link Ingress#forward}
     */
    void batchForwarded(int packets, long nanos);
}
