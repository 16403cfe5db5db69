package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.OvsOfctl;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flow_mod storm from one ovs-ofctl add-flows (which sends a barrier after every flow_mod and waits for it): all
 * flows installed and acknowledged, forwarding keeps going meanwhile. 5 000 flows by default ({@code -Dstorm.flows=N}):
 * each change rebuilds the copy-on-write subtable, so the install time grows with the square of the count.
 */
class FlowModStormTest
{
    static final int FLOWS = Integer.getInteger("storm.flows", 5_000);

    @TempDir
    Path dir;

    @Test
    void shouldInstallAFlowModStormWithoutStallingForwarding() throws Exception
    {
        OvsOfctl.assumeInstalled("flow-mod storm through ovs-ofctl");
        final int port = OvsOfctlTest.freePort();
        final OpenFlowLogic logic = new OpenFlowLogic();
        logic.attach(new OpenFlowChannel(logic,
            OpenFlowChannel.Config.of(List.of(ChannelTarget.parse("ptcp:" + port)))));
        final VirtualPortConfig config = new VirtualPortConfig(256, 32, 2048, false);
        try (VirtualPort p1 = new VirtualPort("p1", config); VirtualPort p2 = new VirtualPort("p2", config);
            Switch sw = new Switch("sw0", logic))
        {
            sw.attach(p1);
            sw.attach(p2);
            final StringBuilder flows = new StringBuilder("priority=1000,udp,tp_dst=9 actions=output:2\n");
            for (int i = 0; i < FLOWS; i++)
            {
                flows.append("priority=10,udp,nw_dst=10.").append(i >>> 16 & 0xFF).append('.').append(i >>> 8 & 0xFF)
                    .append('.').append(i & 0xFF).append(",tp_dst=53 actions=output:2\n");
            }
            final Path file = dir.resolve("storm.txt");
            Files.writeString(file, flows);
            final ProcessBuilder first = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13", "add-flow",
                "tcp:127.0.0.1:" + port, "priority=1000,udp,tp_dst=9 actions=output:2");
            assertEquals(0, first.start().waitFor());

            final AtomicBoolean storming = new AtomicBoolean(true);
            final AtomicLong sent = new AtomicLong();
            final AtomicLong delivered = new AtomicLong();
            final AtomicLong maxGapNanos = new AtomicLong();
            final byte[] frame = OvsOfctlTest.udp(9);
            final Thread traffic = new Thread(() ->
            {
                long last = System.nanoTime();
                while (storming.get())
                {
                    delivered.addAndGet(p1.send(frame));
                    sent.incrementAndGet();
                    p2.poll((final MemorySegment m, final long o, final int l) -> { }, Integer.MAX_VALUE);
                    final long now = System.nanoTime();
                    maxGapNanos.accumulateAndGet(now - last, Math::max);
                    last = now;
                }
            }, "storm-traffic");
            traffic.start();
            try
            {
            final long start = System.nanoTime();
            final Process p = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13", "add-flows", "tcp:127.0.0.1:" + port,
                file.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "add-flows of " + FLOWS + " flows took over 5 minutes");
            final long elapsed = System.nanoTime() - start;
            storming.set(false);
            traffic.join();
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals(FLOWS + 1L, logic.counters().get("flows"));
            assertTrue(sent.get() > 0 && delivered.get() == sent.get(), sent + " sent, " + delivered + " delivered");
            System.out.printf("flow_mod storm: %d flows installed and acknowledged by barrier in %.2f s (%.0f flows/s);"
                + " %d packets forwarded meanwhile, longest gap between two %.1f ms%n", FLOWS, elapsed / 1e9,
                FLOWS / (elapsed / 1e9), sent.get(), maxGapNanos.get() / 1e6);
            // generous for a loaded 2-core machine: a stall would be the whole install (seconds)
            assertTrue(maxGapNanos.get() < TimeUnit.MILLISECONDS.toNanos(1_500) || maxGapNanos.get() < elapsed / 3,
                "forwarding stalled " + maxGapNanos.get() / 1e6 + " ms during a " + elapsed / 1e6 + " ms storm");
            }
            finally
            {
                storming.set(false);
                traffic.join();
                System.out.println("storm counters: " + logic.counters());
            }
        }
    }
}
