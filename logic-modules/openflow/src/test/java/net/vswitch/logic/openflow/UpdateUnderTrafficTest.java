package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.pipeline.FlowEntry;
import org.junit.jupiter.api.Test;

/** Table updates while packets flow: no packet ever sees half an update. */
class UpdateUnderTrafficTest
{
    /**
     * Table 0 rewrites dl_dst to A or B and goes to table 1, which outputs only the current one. Each switch-over
     * adds "table 0 says B" together with "table 1 knows B" in one change, then removes the stale table-1 entry.
     * A packet that saw table 0's new entry without table 1's would be dropped.
     */
    @Test
    void shouldNeverDropAPacketWhileTablesSwitchOver() throws Exception
    {
        final OpenFlowLogic logic = new OpenFlowLogic();
        logic.start(new TestContext("in", "a", "b"));
        final OpenFlowCommands ctl = new OpenFlowCommands(logic);
        ctl.addFlows(List.of("table=0,priority=1 actions=mod_dl_dst:00:00:00:00:00:0a,goto_table:1",
            "table=1,dl_dst=00:00:00:00:00:0a actions=output:2"));
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong sent = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final Thread traffic = new Thread(() ->
        {
            final byte[] frame = Frames.udp("10.0.0.1", 1, "10.0.0.2", 2).build();
            while (running.get())
            {
                for (int i = 0; i < 64; i++)
                {
                    final Packet p = Frames.packet(frame, 0);
                    final int d = logic.lookup(p, 0);
                    if (d != 1 && d != 2)
                    {
                        wrong.incrementAndGet();
                    }
                    sent.incrementAndGet();
                }
            }
        }, "traffic");
        traffic.start();
        try
        {
            final String[] macs = {"00:00:00:00:00:0a", "00:00:00:00:00:0b"};
            for (int round = 0; round < 200; round++)
            {
                final String next = macs[(round + 1) % 2];
                final String stale = macs[round % 2];
                final int port = (round + 1) % 2 + 2;
                ctl.addFlows(List.of("table=0,priority=1 actions=mod_dl_dst:" + next + ",goto_table:1",
                    "table=1,dl_dst=" + next + " actions=output:" + port));
                logic.command("del-flows", List.of("--strict", "table=1,priority=" + FlowEntry.DEFAULT_PRIORITY
                    + ",dl_dst=" + stale), false);
                final long before = sent.get();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (sent.get() < before + 64 && System.nanoTime() < deadline)
                {
                    Thread.onSpinWait();
                }
            }
        }
        finally
        {
            running.set(false);
            traffic.join(TimeUnit.SECONDS.toMillis(30));
            logic.stop();
        }
        assertTrue(sent.get() >= 200 * 64, "traffic ran: " + sent.get());
        assertEquals(0, wrong.get(), "packets that saw half an update, of " + sent.get());
        final long drops = logic.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drops_"))
            .mapToLong(java.util.Map.Entry::getValue).sum();
        assertEquals(0, drops);
    }
}
