package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.logic.conntrack.ConntrackConfig;
import org.junit.jupiter.api.Test;

/**
 * Two forwarding threads (one per ingress port) while a control thread keeps changing unrelated rules and
 * memberships: every allowed packet still arrives, nothing throws, and the accounts balance.
 */
class SecurityGroupsConcurrencyTest
{
    private static final int FRAMES = 5_000;

    @Test
    void shouldKeepForwardingAllowedTrafficWhileGroupsChange() throws Exception
    {
        final SecurityGroups groups = new SecurityGroups();
        final SecurityGroupsLogic logic = new SecurityGroupsLogic(groups, ConntrackConfig.defaults(), Clock.SYSTEM);
        final Hosts.Host a = Hosts.Host.of(0, "a", 1);
        final Hosts.Host b = Hosts.Host.of(1, "b", 2);
        final Hosts.Host h = Hosts.Host.of(2, "h", 9);
        // a thread each (the common pool may have a single worker on a small machine)
        final ExecutorService threads = Executors.newFixedThreadPool(3);
        try (SwitchRig rig = SwitchRig.sinks(logic, "a", "b", "h"))
        {
            groups.create("A");
            groups.create("B");
            groups.create("spare");
            groups.addMember("A", "a", List.of(a.macText()), List.of(a.ip()));
            groups.addMember("B", "b", List.of(b.macText()), List.of(b.ip()));
            groups.addRule("A", RuleSpec.egress().protocol("udp"));
            groups.addRule("B", RuleSpec.ingress().protocol("udp").remoteIp("10.0.0.0/24"));
            final AtomicBoolean stop = new AtomicBoolean();
            final CompletableFuture<Integer> control = CompletableFuture.supplyAsync(() ->
            {
                int changes = 0;
                while (!stop.get())
                {
                    final int id = groups.addRule("B", RuleSpec.ingress().protocol("tcp").portRange(1 + changes % 1000,
                        1 + changes % 1000));
                    groups.addMember("spare", "b", List.of(b.macText()), List.of(b.ip()));
                    groups.deleteRule("B", id);
                    groups.removeMember("spare", "b");
                    changes++;
                    // paced: a change is a control-plane event, not a busy loop competing with the senders
                    java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                }
                return changes;
            }, threads);
            final CompletableFuture<Integer> fromA = CompletableFuture.supplyAsync(() -> send(rig, a, b, 5000), threads);
            final CompletableFuture<Integer> fromH = CompletableFuture.supplyAsync(() -> send(rig, h, b, 6000), threads);
            final int deliveredA = fromA.get(300, TimeUnit.SECONDS);
            final int deliveredH = fromH.get(300, TimeUnit.SECONDS);
            stop.set(true);
            final int changes = control.get(60, TimeUnit.SECONDS);
            // two senders share b's ring: a full ring drops (counted), it never waits; the logic denied nothing
            assertEquals(FRAMES, deliveredA + rig.drops(0, DropReason.RING_FULL), "from a: " + logic.counters());
            assertEquals(FRAMES, deliveredH + rig.drops(2, DropReason.RING_FULL), "from h: " + logic.counters());
            assertEquals(2L * FRAMES, logic.counters().get("allowed_new") + logic.counters().get("established"));
            assertEquals(0, logic.counters().get("denied_new") + logic.counters().get("revoked_connections"));
            assertTrue(changes > 0);
            for (int i = 0; i < 3; i++)
            {
                final PortCounters c = rig.counters(i);
                assertEquals(0, c.drops(DropReason.LOGIC_ERROR));
                assertEquals(c.rxPackets() + c.replicated(), c.forwarded() + c.totalDrops(), "port " + i);
            }
        }
        finally
        {
            threads.shutdownNow();
            logic.stop();
        }
    }

    /** Sends FRAMES UDP frames over 100 source ports (b is a sink: its ring never fills). */
    private static int send(final SwitchRig rig, final Hosts.Host from, final Hosts.Host to, final int basePort)
    {
        int delivered = 0;
        for (int i = 0; i < FRAMES; i++)
        {
            delivered += rig.send(from.port(), from.udp(to, basePort + i % 100, 7000));
        }
        return delivered;
    }
}
