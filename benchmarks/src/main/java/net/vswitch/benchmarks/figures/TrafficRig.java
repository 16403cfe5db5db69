package net.vswitch.benchmarks.figures;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchConfig;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;

/**
 * A switch laid out for measurement: ports {@code 0..S-1} send, {@code S..S+D-1} receive (sinks
 * that drain in the sender's thread), then idle ports. Sender k's slot i carries dst MAC
 * {@code 02:00:00:00:hi:lo} naming its destination port: {@code S + k} when each sender has its
 * own destination, else {@code S + i % D}; dst IPv4 10.0.hi.lo, UDP port 9.
 */
final class TrafficRig implements AutoCloseable
{
    final Switch sw;
    final List<VirtualPort> ports = new ArrayList<>();
    final int senders;
    final int destinations;
    final int batch;

    TrafficRig(final SwitchLogic logic, final int senders, final int destinations, final int idle, final int size,
        final int batch, final boolean perSender)
    {
        this(logic, senders, destinations, idle, size, batch, perSender, 0);
    }

    /** @param clients ports {@code 0..clients-1} keep their receive ring for a client instead of sinking */
    TrafficRig(final SwitchLogic logic, final int senders, final int destinations, final int idle, final int size,
        final int batch, final boolean perSender, final int clients)
    {
        this.senders = senders;
        this.destinations = destinations;
        this.batch = batch;
        final int total = senders + destinations + idle;
        sw = new Switch("bench", logic, SwitchConfig.defaults().withMaxPorts(total));
        final int bufferSize = Math.max(2048, (size + 63) & ~63);
        // a destination ring holds two batches' worth of its share; idle ports keep a token ring
        final int share = perSender ? batch : (batch * senders + destinations - 1) / destinations;
        final int slots = Math.max(64, Integer.highestOneBit(Math.max(1, 2 * share - 1)) << 1);
        final VirtualPortConfig sink = new VirtualPortConfig(slots, 1, bufferSize, true);
        final VirtualPortConfig idleSink = sink.withRxSlots(64);
        for (int p = 0; p < total; p++)
        {
            final VirtualPortConfig config = p < clients ? sink.withSink(false)
                : p >= senders + destinations ? idleSink : sink;
            final VirtualPort port = new VirtualPort("p" + p, p < senders ? config.withTxSlots(batch) : config);
            sw.attach(port);
            ports.add(port);
        }
        if (logic instanceof LearningBridge)
        {
            announce();
        }
        for (int k = 0; k < senders; k++)
        {
            final VirtualPort port = ports.get(k);
            for (int i = 0; i < batch; i++)
            {
                final int dst = perSender ? senders + k : senders + i % destinations;
                frame(port.txMemory(), port.txBufferOffset(i), size, bufferSize, k, dst);
                port.txLength(i, size);
            }
        }
    }

    static long mac(final int port)
    {
        return 0x0200_0000_0000L | (port & 0xFFFF);
    }

    static void frame(final MemorySegment memory, final long at, final int size, final int capacity,
        final int src, final int dst)
    {
        memory.asSlice(at, size).fill((byte)0);
        final Packet p = new Packet().wrap(memory, at, size, capacity, 0);
        p.mac(0, mac(dst)).mac(6, mac(src)).u16(12, Packet.ETHERTYPE_IPV4);
        p.u8(14, 0x45).u16(16, size - 14).u8(22, 64).u8(23, Packet.IPPROTO_UDP);
        p.u32(26, 0x0A01_0000 | src).u32(30, 0x0A00_0000 | dst);
        p.u16(34, 1024 + src).u16(36, 9).u16(38, size - 34);
    }

    /** Every receiving port says hello so a learning bridge knows its MAC. */
    private void announce()
    {
        final byte[] hello = new byte[60];
        for (int p = senders; p < ports.size(); p++)
        {
            java.util.Arrays.fill(hello, 0, 6, (byte)0xFF);
            final long mac = mac(p);
            for (int i = 0; i < 6; i++)
            {
                hello[6 + i] = (byte)(mac >>> (40 - 8 * i));
            }
            hello[12] = (byte)0x88;
            hello[13] = (byte)0xB5;
            ports.get(p).send(hello);
        }
    }

    VirtualPort receiver(final int index)
    {
        return ports.get(index);
    }

    long delivered()
    {
        return sw.total(PortCounters::txPackets);
    }

    long dropped()
    {
        return sw.total(PortCounters::totalDrops);
    }

    @Override
    public void close()
    {
        sw.close();
        ports.forEach(VirtualPort::close);
    }

    /** The trivial logic of the fabric figures: the low 16 bits of the dst MAC name the port. */
    static final class DstMacLogic implements SwitchLogic
    {
        @Override
        public int lookup(final Packet packet, final int ingressPort)
        {
            return packet.u16(4);
        }

        @Override
        public String name()
        {
            return "dst-mac";
        }
    }
}
