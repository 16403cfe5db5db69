package net.vswitch.fabric;

/**
 * Where one port's received batches enter the switch. Not thread-safe: one thread at a time per
 * port (the port's client or RX worker), as with a netmap TX ring.
 */
public interface Ingress
{
    /**
     * Forwards a batch in the caller's thread. When it returns, every frame has been copied to its
     * destinations or counted as dropped, and the batch's buffers may be reused.
     *
     * @return the number of frames that reached at least one destination
     */
    int forward(PacketBatch batch);
}
