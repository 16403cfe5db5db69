package net.vswitch.logic.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache tiers: hits per level, revalidation on table changes, idle expiry and timeouts on a manual clock. */
class MegaflowCacheTest
{
    private final Harness h = new Harness(1);

    @AfterEach
    void tearDown()
    {
        h.close();
    }

    private static byte[] udp(final String dst, final int dport)
    {
        return Frames.udp("10.0.1.1", 1000, dst, dport).build();
    }

    @Test
    void shouldServeRepeatsFromTheExactMatchCacheAndNeighboursFromOneMegaflow()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.0/24 actions=output:2", "priority=1 actions=drop");
        h.send(udp("10.0.0.1", 53), 1);
        h.send(udp("10.0.0.1", 53), 1);
        h.send(udp("10.0.0.2", 99), 1);
        final Map<String, Long> c = h.logic.counters();
        assertEquals(1, c.get("slow_path_hits"));
        assertEquals(1, c.get("emc_hits"));
        assertEquals(1, c.get("megaflow_hits"));
        assertEquals(3, c.get("packets"));
        assertEquals(1, c.get("megaflows"));
        assertEquals("ip,in_port=1,nw_dst=10.0.0.0/24, packets:2, bytes:120, used:0.000s, actions:2",
            h.ctl("dump-megaflows").replaceAll("dl_type=0x0800,", ""));
    }

    @Test
    void shouldUnwildcardWhatAHigherPrioritySubtableNeededToRuleItselfOut()
    {
        // same mask, two priorities: the packet matches the low one, yet the high one's bits must stay in the key
        h.add("priority=30,udp,tp_dst=53 actions=output:4", "priority=10,udp,tp_dst=80 actions=output:3",
            "priority=20,ip,nw_dst=10.0.0.1 actions=output:2");
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 80), 1).ports());
        assertEquals(List.of(4), h.send(udp("10.0.0.1", 53), 1).ports());
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 99), 1).ports());
        assertEquals(List.of(3), h.send(udp("10.0.0.2", 80), 1).ports());
    }

    @Test
    void shouldRevalidateMegaflowsBeforeTheNextPacketAfterATableChange()
    {
        h.add("priority=10,ip actions=output:2");
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 53), 1).ports());
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 53), 1).ports());
        h.add("priority=20,udp,tp_dst=53 actions=output:3");
        assertEquals(List.of(3), h.send(udp("10.0.0.1", 53), 1).ports());
        assertTrue(h.counter("revalidations") >= 1);
        assertEquals(1, h.counter("revalidated_away"));
        h.ctl("mod-flows", "--strict", "priority=20,udp,tp_dst=53 actions=output:4");
        assertEquals(List.of(4), h.send(udp("10.0.0.1", 53), 1).ports());
        h.ctl("del-flows", "udp");
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 53), 1).ports());
    }

    @Test
    void shouldKeepMegaflowsAChangeDoesNotAffect()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.1 actions=output:2", "priority=10,ip,nw_dst=10.0.0.2 actions=output:3");
        h.send(udp("10.0.0.1", 53), 1);
        h.ctl("mod-flows", "--strict", "priority=10,ip,nw_dst=10.0.0.2 actions=output:4");
        assertEquals(0, h.counter("revalidated_away"), "10.0.0.1's megaflow is still right");
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 53), 1).ports());
        assertEquals(1, h.counter("megaflow_hits") + h.counter("emc_hits"));
    }

    @Test
    void shouldCreditMegaflowHitsToEveryEntryThatProducedThem()
    {
        h.add("table=0,ip actions=goto_table:1", "table=1,udp actions=resubmit(,2),output:2",
            "table=2 actions=output:3");
        for (int i = 0; i < 5; i++)
        {
            h.send(udp("10.0.0." + (i % 2), 53), 1);
        }
        final String dump = h.ctl("dump-flows");
        assertTrue(dump.contains("table=0, n_packets=5, n_bytes=300, ip actions=goto_table:1"), dump);
        assertTrue(dump.contains("table=1, n_packets=5, n_bytes=300, udp actions=resubmit(,2),output:2"), dump);
        assertTrue(dump.contains("table=2, n_packets=5, n_bytes=300, actions=output:3"), dump);
        assertTrue(h.logic.command("dump-flows", List.of("table=1"), true).startsWith("{\"flows\":[{\"table\":1,"));
    }

    @Test
    void shouldExpireIdleMegaflowsOnTheInjectedClock()
    {
        h.add("ip actions=output:2");
        h.send(udp("10.0.0.1", 53), 1);
        h.context.advanceMillis(5_000);
        h.logic.sweep();
        assertEquals(1, h.counter("megaflows"));
        h.context.advanceMillis(5_001);
        h.logic.sweep();
        assertEquals(0, h.counter("megaflows"));
        assertEquals(1, h.counter("megaflows_expired"));
        assertEquals(List.of(2), h.send(udp("10.0.0.1", 53), 1).ports());
        assertEquals(2, h.counter("slow_path_hits"));
    }

    @Test
    void shouldRemoveFlowsPastTheirIdleOrHardTimeout()
    {
        h.add("priority=10,ip,nw_dst=10.0.0.1,idle_timeout=10 actions=output:2",
            "priority=10,ip,nw_dst=10.0.0.2,hard_timeout=40 actions=output:3", "priority=1 actions=drop");
        for (int s = 0; s < 25; s++)
        {
            h.context.advanceMillis(1_000);
            h.send(udp("10.0.0.1", 53), 1);
            h.send(udp("10.0.0.2", 53), 1);
            h.logic.sweep();
        }
        assertTrue(h.ctl("dump-flows").contains("idle_timeout=10"), "used every second: still there");
        h.context.advanceMillis(10_000);
        h.logic.sweep();
        assertEquals(List.of(), h.ctl("dump-flows").lines().filter(l -> l.contains("idle_timeout")).toList());
        assertTrue(h.ctl("dump-flows").contains("hard_timeout=40"));
        h.context.advanceMillis(5_000);
        h.logic.sweep();
        assertTrue(h.send(udp("10.0.0.2", 53), 1).dropped(), "hard timeout passed although used");
    }

    @Test
    void shouldBoundTheCacheAndCountEvictions()
    {
        final OpenFlowLogic small = new OpenFlowLogic(new OpenFlowLogic.Settings(0, 4, 10_000, 60_000, 16, null));
        small.start(new TestContext("a", "b"));
        try
        {
            for (int port = 0; port < 10; port++)
            {
                small.command("add-flow", List.of("udp,tp_dst=" + port + " actions=output:2"), false);
            }
            for (int port = 0; port < 10; port++)
            {
                small.lookup(Frames.packet(Frames.udp("10.0.0.1", 1, "10.0.0.2", port).build(), 0), 0);
            }
            final Map<String, Long> c = small.counters();
            assertEquals(4, c.get("megaflows"));
            assertEquals(6, c.get("evictions"));
            assertEquals(10, c.get("slow_path_hits"));
        }
        finally
        {
            small.stop();
        }
    }

    @Test
    void shouldReportUpcallsPerSecondBetweenSweeps()
    {
        h.add("udp,tp_dst=1 actions=drop", "priority=1 actions=output:2");
        h.logic.sweep();
        for (int port = 0; port < 10; port++)
        {
            h.send(Frames.udp("10.0.0.1", 1, "10.0.0.99", 100 + port).build(), 1);
        }
        h.context.advanceMillis(2_000);
        h.logic.sweep();
        assertEquals(5, h.counter("upcalls_per_second"), "10 upcalls in 2 s");
        h.context.advanceMillis(1_000);
        h.logic.sweep();
        assertEquals(0, h.counter("upcalls_per_second"));
    }

    @Test
    void shouldDumpTables()
    {
        h.add("table=0,ip actions=goto_table:3", "table=3,udp,tp_dst=1 actions=drop",
            "table=3,udp,tp_dst=2 actions=drop", "table=3,ip,nw_src=1.2.3.4 actions=drop");
        assertEquals("  0: active=1, masks=1\n  3: active=3, masks=2", h.ctl("dump-tables"));
        assertEquals("{\"tables\":[{\"table\":0,\"active\":1,\"masks\":1},{\"table\":3,\"active\":3,\"masks\":2}]}",
            h.logic.command("dump-tables", List.of(), true));
    }
}
