package net.vswitch.fabric;

/**
 * Sees a copy of one port's traffic while the switch runs (capture, port mirroring). Installed with
 * {@link Port#mirror(PacketMirror)}; the fabric calls it from the data path threads that move the
 * port's frames, possibly several at once, so implementations must be thread-safe, must not block
 * and must not keep references to the frames after returning. A port without a mirror pays one null
 * check per batch and per delivery.
 */
public interface PacketMirror
{
    /**
     * The port handed this batch to the switch; called before the logic sees it (so before any
     * in-place rewrite), for every frame, including those later dropped.
     */
    void received(Port port, PacketBatch batch);

    /**
     * The switch wrote frames for the port: slots {@code [from, from + count)} of {@code ring} are
     * filled but not yet published, so their bytes are stable during the call. A slot of length 0
     * carries nothing (a failed copy).
     */
    void sent(Port port, Ring ring, long from, int count);
}
