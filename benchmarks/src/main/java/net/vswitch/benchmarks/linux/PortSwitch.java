package net.vswitch.benchmarks.linux;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Port;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;

/**
 * A learning-bridge switch over the port SPECs given as arguments (e.g. {@code afpacket:veth0
 * afpacket:veth1}), for the end-to-end harness ({@code benchmarks/veth-bench.sh}): prints
 * {@code ready} once every port is attached, runs until stdin closes or the JVM is told to stop,
 * then prints each port's counters.
 */
public final class PortSwitch
{
    private PortSwitch()
    {
    }

    /** @param args port SPECs */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        if (args.length == 0)
        {
            System.err.println("usage: PortSwitch SPEC... (e.g. afpacket:veth0 afpacket:veth1)");
            System.exit(2);
        }
        final Switch sw = new Switch("bench", new LearningBridge());
        final List<Port> ports = new ArrayList<>();
        final PortFactory factory = new PortFactory();
        for (final String spec : args)
        {
            final Port port = factory.create(PortSpec.parse(spec));
            ports.add(port);
            sw.attach(port);
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            report(sw, ports);
            stopped.countDown();
        }));
        System.out.println("ready");
        System.out.flush();
        while (System.in.read() >= 0)
        {
            Thread.onSpinWait();
        }
        System.exit(0);
        stopped.await();
    }

    private static void report(final Switch sw, final List<Port> ports)
    {
        for (final Port port : ports)
        {
            final PortCounters c = port.counters();
            final StringBuilder drops = new StringBuilder();
            for (final DropReason reason : DropReason.values())
            {
                if (c.drops(reason) != 0)
                {
                    drops.append(' ').append(reason.label()).append('=').append(c.drops(reason));
                }
            }
            if (port instanceof net.vswitch.ports.afpacket.AfPacketPort afPacket && afPacket.kernelDrops() != 0)
            {
                drops.append(" kernel_ring_full=").append(afPacket.kernelDrops());
            }
            System.out.printf("port %s: rx %d pkts %d bytes, tx %d pkts %d bytes, drops:%s%n", port.name(),
                c.rxPackets(), c.rxBytes(), c.txPackets(), c.txBytes(), drops.length() == 0 ? " none" : drops);
        }
        sw.close();
        for (final Port port : ports)
        {
            port.close();
        }
    }
}
