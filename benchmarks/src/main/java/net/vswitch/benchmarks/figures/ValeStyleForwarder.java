package net.vswitch.benchmarks.figures;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import net.vswitch.fabric.OutputRing;
import net.vswitch.fabric.Ring;
import net.vswitch.ports.virtual.VirtualPort;

/**
 * The baseline of figure 2: VALE's forwarding before mSwitch (§3.3). For every batch it walks
 * every attached port and, for each, scans the whole batch for frames addressed to it; a port with
 * frames is locked once, filled, committed. Same rings, same copies, same decisions as vswitch
 * (dst MAC low 16 bits); only the scheduling of phase 2 differs.
 */
final class ValeStyleForwarder
{
    private final List<VirtualPort> ports;
    private final VirtualPort source;
    private final int[] destination;
    private final int[] length;
    private final OutputRing.Lease lease = new OutputRing.Lease();

    ValeStyleForwarder(final List<VirtualPort> ports, final VirtualPort source, final int batch)
    {
        this.ports = ports;
        this.source = source;
        this.destination = new int[batch];
        this.length = new int[batch];
    }

    /** Forwards {@code count} frames from the source's send buffers; returns frames delivered. */
    int forward(final int count, final int frameLength)
    {
        final MemorySegment tx = source.txMemory();
        for (int i = 0; i < count; i++)
        {
            final long at = source.txBufferOffset(i);
            destination[i] = Short.toUnsignedInt(tx.get(U16, at + 4));
            length[i] = frameLength;
        }
        int delivered = 0;
        for (int p = 0, n = ports.size(); p < n; p++)
        {
            int wanted = 0;
            for (int i = 0; i < count; i++)
            {
                if (destination[i] == p)
                {
                    wanted++;
                }
            }
            if (wanted == 0)
            {
                continue;
            }
            final OutputRing out = ports.get(p).output();
            final Ring ring = out.ring();
            final int granted = out.reserve(wanted, lease);
            long position = lease.start();
            int copied = 0;
            for (int i = 0; i < count && copied < granted; i++)
            {
                if (destination[i] == p)
                {
                    MemorySegment.copy(tx, source.txBufferOffset(i), ring.memory(), ring.bufferOffset(position),
                        length[i]);
                    ring.slotLength(position, length[i]);
                    lease.addBytes(length[i]);
                    position++;
                    copied++;
                }
            }
            out.commit(lease);
            ring.head(ring.tail()); // the sink consumes at once, as vswitch's sinks do
            delivered += granted;
        }
        return delivered;
    }

    private static final ValueLayout.OfShort U16 =
        ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
}
