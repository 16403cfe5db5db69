package net.vswitch.ports.tap;

import java.lang.foreign.MemorySegment;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Ingress;
import net.vswitch.fabric.Offload;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.PortCounters;
import net.vswitch.natives.libc.ErrnoH;
import net.vswitch.natives.libc.Unistd;
import net.vswitch.ports.linux.VirtioNetHeader;
import org.agrona.concurrent.Agent;

/**
 * The RX worker of a {@link TapPort}: reads frames with non-blocking {@code read(2)} into
 * preallocated buffers until the device is empty or the batch is full, then forwards the batch in
 * this thread. {@link #doWork()} returns the frames moved.
 */
final class TapReceiver implements Agent
{
    private final TapPort port;
    private final int fd;
    private final MemorySegment buffers;
    private final MemorySegment[] slots;
    private final int bufferSize;
    private final PacketBatch batch;
    private final String roleName;
    private final boolean vnet;
    private final PortCounters counters;
    private long readErrors;
    private int lastErrno;

    TapReceiver(final TapPort port, final int fd, final MemorySegment buffers, final int bufferSize,
        final int batchLimit, final boolean vnet)
    {
        this.vnet = vnet;
        this.counters = port.counters();
        this.port = port;
        this.fd = fd;
        this.buffers = buffers;
        this.bufferSize = bufferSize;
        this.batch = new PacketBatch(batchLimit);
        this.slots = new MemorySegment[batchLimit];
        for (int i = 0; i < batchLimit; i++)
        {
            slots[i] = buffers.asSlice((long)i * bufferSize, bufferSize);
        }
        this.roleName = "rx-" + port.name();
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        final int moved = port.retryBlockedOutput();
        final Ingress ingress = port.workerIngress();
        final int portIndex = port.index();
        final PacketBatch batch = this.batch.clear();
        for (int i = 0; i < slots.length; i++)
        {
            final long result = Unistd.readOrErrno(fd, slots[i], bufferSize);
            if (result < 0)
            {
                if (result != -ErrnoH.EAGAIN && result != -ErrnoH.EINTR)
                {
                    readErrors++;
                    lastErrno = (int)-result;
                }
                break;
            }
            final long slot = (long)i * bufferSize;
            if (!vnet)
            {
                batch.add(buffers, slot, (int)result, bufferSize, portIndex);
                continue;
            }
            final int length = (int)result - VirtioNetHeader.LENGTH;
            final int word = length < 0 ? Offload.INVALID
                : VirtioNetHeader.read(buffers, slot, slot + VirtioNetHeader.LENGTH, length, 0);
            if (word == Offload.INVALID)
            {
                counters.rx(1, Math.max(0, length));
                counters.drop(DropReason.MALFORMED, 1);
                continue;
            }
            batch.add(buffers, slot + VirtioNetHeader.LENGTH, length, bufferSize - VirtioNetHeader.LENGTH, portIndex)
                .offload(word);
        }
        final int size = batch.size();
        if (size > 0 && ingress != null)
        {
            ingress.forward(batch);
        }
        return moved + size;
    }

    long readErrors()
    {
        return readErrors;
    }

    int lastErrno()
    {
        return lastErrno;
    }
}
