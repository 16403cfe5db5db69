package net.vswitch.vswitchd.demo;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.ports.virtual.VirtualPort;

/**
 * pkt-gen for one virtual port: fills the port's send buffers with UDP frames once, then sends
 * batch after batch. With more flows than batch slots it rewrites the destination fields of each
 * slot per batch (10 bytes), so every flow keeps appearing.
 */
final class Generator
{
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final VirtualPort port;
    private final int self;
    private final int ports;
    private final int flows;
    private final int batch;

    Generator(final VirtualPort port, final int self, final int ports, final int size, final int flows,
        final int batch)
    {
        this.port = port;
        this.self = self;
        this.ports = ports;
        this.flows = flows;
        this.batch = batch;
        final MemorySegment memory = port.txMemory();
        for (int i = 0; i < batch; i++)
        {
            final int flow = i % flows;
            Frames.udp(memory, port.txBufferOffset(i), size, Frames.portMac(self), dstMac(flow),
                (10 << 24) | (1 << 16) | self, Frames.flowIp(flow), 1024 + flow);
            port.txLength(i, size);
        }
    }

    /** The MAC of the port hash-ip would pick for this flow, so bridge and hash-ip agree. */
    private long dstMac(final int flow)
    {
        return Frames.portMac(1 + Integer.remainderUnsigned(Frames.flowIp(flow), ports - 1));
    }

    void run(final AtomicBoolean stop)
    {
        final MemorySegment memory = port.txMemory();
        int nextFlow = batch % flows;
        final boolean rewrite = flows > batch;
        while (!stop.get())
        {
            if (rewrite)
            {
                for (int i = 0; i < batch; i++)
                {
                    final int flow = nextFlow;
                    nextFlow = nextFlow + 1 == flows ? 0 : nextFlow + 1;
                    final long at = port.txBufferOffset(i);
                    Frames.mac(memory, at, dstMac(flow));
                    memory.set(U32, at + 30, Frames.flowIp(flow));
                }
            }
            port.send(batch);
        }
    }
}
