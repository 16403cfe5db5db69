package net.vswitch.ports.virtual;

import net.vswitch.fabric.RingDescriptor;

/**
 * Shape of a virtual port, fixed at creation: its memory is allocated once and never grows.
 * Off-heap bytes per port ≈ {@code rxSlots * bufferSize + txSlots * bufferSize}
 * (defaults: 1024 × 2 KiB + 256 × 2 KiB = 2.5 MiB).
 *
 * @param rxSlots    slots in the ring the switch delivers into (power of two)
 * @param txSlots    client-side send buffers, i.e. the largest batch one {@code send} takes
 * @param bufferSize bytes per slot buffer (multiple of 64; the largest frame the port carries)
 * @param sink       drain delivered frames in the sender's thread and only count them (benchmarks,
 *                   demo receivers): a consumer that is never slower than the switch
 */
public record VirtualPortConfig(int rxSlots, int txSlots, int bufferSize, boolean sink)
{
    public static final int RX_SLOTS_DEFAULT = 1024;
    public static final int TX_SLOTS_DEFAULT = 256;
    public static final int BUFFER_SIZE_DEFAULT = 2048;

    public VirtualPortConfig
    {
        RingDescriptor.checkCapacity(rxSlots);
        RingDescriptor.checkBufferSize(bufferSize);
        if (txSlots < 1 || txSlots > 65536)
        {
            throw new IllegalArgumentException("txSlots must be in 1..65536: " + txSlots);
        }
    }

    public static VirtualPortConfig defaults()
    {
        return new VirtualPortConfig(RX_SLOTS_DEFAULT, TX_SLOTS_DEFAULT, BUFFER_SIZE_DEFAULT, false);
    }

    public VirtualPortConfig withSink(final boolean sink)
    {
        return new VirtualPortConfig(rxSlots, txSlots, bufferSize, sink);
    }

    public VirtualPortConfig withRxSlots(final int rxSlots)
    {
        return new VirtualPortConfig(rxSlots, txSlots, bufferSize, sink);
    }

    public VirtualPortConfig withTxSlots(final int txSlots)
    {
        return new VirtualPortConfig(rxSlots, txSlots, bufferSize, sink);
    }

    public VirtualPortConfig withBufferSize(final int bufferSize)
    {
        return new VirtualPortConfig(rxSlots, txSlots, bufferSize, sink);
    }
}
