package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.Packet;

class TableTest extends TrackerFixture
{
    private static byte[] udp(final int sourcePort)
    {
        return Frames.udp("10.0.0.1", sourcePort, "10.0.0.2", 53);
    }

    @Test
    void shouldKeepZonesApart()
    {
        final byte[] syn = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80).syn();
        assertEquals("+trk+new", commit(syn, 1));
        assertEquals("+trk+new", track(syn, 2), "the same 5-tuple in another zone is another connection");
        assertEquals("+trk+inv", track(new TcpFlow("10.0.0.2", 80, "10.0.0.1", 5000).clientData(0), 2));
        commit(syn, 2);
        assertEquals(1, tracker.size(1));
        assertEquals(1, tracker.size(2));
        assertEquals(1, tracker.flush(2));
        assertEquals(1, tracker.size());
        assertEquals(1, tracker.dump(1).size());
        assertEquals(List.of(), tracker.dump(2));
    }

    @Test
    void shouldRefuseCommitsWhenTheTableIsFullAndCountThem()
    {
        tracker = tracker(ConntrackConfig.builder().tableLimit(3));
        for (int port = 1; port <= 3; port++)
        {
            assertEquals("+trk+new", commit(udp(port)));
        }
        assertEquals("+trk+new+inv", commit(udp(5)));
        assertEquals("+trk+new+inv", commit(udp(4)));
        assertEquals(3, tracker.size());
        assertEquals(2, counter("refused_full"));
        assertEquals("+trk+new", commit(udp(1)), "existing connections still work");
        advance(Duration.ofSeconds(61));
        assertEquals("+trk+new", commit(udp(4)), "room again after expiry");
    }

    @Test
    void shouldRefuseCommitsPastAZoneLimit()
    {
        tracker = tracker(ConntrackConfig.builder().zoneLimit(5, 2).defaultZoneLimit(1));
        assertEquals("+trk+new", commit(udp(1), 5));
        assertEquals("+trk+new", commit(udp(2), 5));
        assertEquals("+trk+new+inv", commit(udp(3), 5));
        assertEquals("+trk+new", commit(udp(3), 6));
        assertEquals("+trk+new+inv", commit(udp(4), 6));
        assertEquals(2, counter("refused_zone_limit"));
        assertEquals(3, tracker.size());
    }

    @Test
    void shouldChangeZoneLimitsAtRunTime()
    {
        assertEquals(0, tracker.zoneLimit(8));
        commit(udp(1), 8);
        commit(udp(2), 8);
        tracker.zoneLimit(8, 2);
        assertEquals("+trk+new+inv", commit(udp(3), 8));
        tracker.zoneLimit(8, 1);
        assertEquals(2, tracker.size(8), "connections past a lowered limit stay");
        tracker.zoneLimit(8, 0);
        assertEquals("+trk+new", commit(udp(3), 8));
        assertEquals("conntrack zone 8 limit must be >= 0: -1",
            assertThrows(IllegalArgumentException.class, () -> tracker.zoneLimit(8, -1)).getMessage());
    }

    @Test
    void shouldRemoveTheConnectionsAFilterChooses()
    {
        for (int port = 1; port <= 10; port++)
        {
            commit(udp(port), port % 2);
        }
        established("10.0.0.1", 7000, "10.0.0.2", 80, 1);
        final int removed = tracker.removeIf(c -> c.zone() == 1 && c.protocol() == Packet.IPPROTO_UDP
            && c.origDstPort() == 53 && c.origSrc().getHostAddress().equals("10.0.0.1"));
        assertEquals(5, removed);
        assertEquals(6, tracker.size());
        assertEquals(5, counter("removed"));
        assertEquals("+trk+new", track(udp(1), 1), "a removed connection's packet starts over");
        assertEquals(5, tracker.size(0), "zone 0 untouched");
        assertEquals(6, tracker.flush());
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldKeepMarkAndLabelPerConnection()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 4);
        assertTrue(tracker.mark(Frames.packet(flow.clientData(0)), 4, 42));
        assertTrue(tracker.label(Frames.packet(flow.clientData(0)), 4, 0, 0xABL));
        assertFalse(tracker.mark(Frames.packet(udp(1)), 4, 1), "no connection");
        final Packet reply = Frames.packet(flow.serverData(5));
        tracker.track(reply, 4);
        assertEquals(42, reply.ctMark());
        assertEquals(4, reply.ctZone());
        final List<ConnectionView> seen = new ArrayList<>();
        tracker.forEach(c -> assertEquals(0xAB, c.labelLow()));
        tracker.forEach(seen::add);
        assertEquals(1, seen.size());
        assertEquals(List.of("tcp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=80),reply=(src=10.0.0.2,"
            + "dst=10.0.0.1,sport=80,dport=5000),zone=4,mark=42,labels=0xab,protoinfo=(state=ESTABLISHED)"),
            tracker.dump(4));
    }

    @Test
    void shouldDumpJson()
    {
        established("10.0.0.1", 5000, "10.0.0.2", 80, 2);
        commit(Frames.echo("2001:db8::1", "2001:db8::2", true, 3), 2);
        commit(udp(9), 3);
        assertEquals("[{\"protocol\":\"icmpv6\",\"ip_version\":6,\"zone\":2,\"orig\":{\"src\":\"2001:db8::1\","
            + "\"dst\":\"2001:db8::2\",\"id\":3,\"type\":128,\"code\":0},\"reply\":{\"src\":\"2001:db8::2\","
            + "\"dst\":\"2001:db8::1\",\"id\":3,\"type\":129,\"code\":0},\"state\":\"NEW\",\"mark\":0,"
            + "\"labels\":\"0x0\",\"expires_in_seconds\":60},"
            + "{\"protocol\":\"tcp\",\"ip_version\":4,\"zone\":2,\"orig\":{\"src\":\"10.0.0.1\",\"dst\":\"10.0.0.2\","
            + "\"sport\":5000,\"dport\":80},\"reply\":{\"src\":\"10.0.0.2\",\"dst\":\"10.0.0.1\",\"sport\":80,"
            + "\"dport\":5000},\"state\":\"ESTABLISHED\",\"mark\":0,\"labels\":\"0x0\","
            + "\"expires_in_seconds\":86400}]", tracker.dumpJson(2));
        final String all = tracker.dumpJson(ConnectionTracker.ALL_ZONES);
        assertEquals(3, all.split("\"protocol\"", -1).length - 1, all);
        assertEquals("[]", tracker.dumpJson(9));
    }

    @Test
    void shouldGiveExpiryTimesInViews()
    {
        commit(udp(1));
        clock.advance(Duration.ofSeconds(10));
        tracker.forEach(c -> assertEquals(Duration.ofSeconds(50).toNanos(), c.expiresInNanos()));
    }

    @Test
    void shouldRejectBadZonesAndSettingsWithClearMessages()
    {
        final Packet packet = Frames.packet(udp(1));
        assertEquals("conntrack zone must be between 0 and 65535: 65536",
            assertThrows(IllegalArgumentException.class, () -> tracker.track(packet, 65536)).getMessage());
        assertEquals("conntrack table limit must be between 1 and 67108864: 0",
            assertThrows(IllegalArgumentException.class, () -> ConntrackConfig.builder().tableLimit(0)).getMessage());
        assertEquals("conntrack timeout tcp_established must be between 1 ms and 30 days: PT0S",
            assertThrows(IllegalArgumentException.class,
                () -> ConntrackConfig.builder().timeout(CtTimeout.TCP_ESTABLISHED, Duration.ZERO)).getMessage());
        assertEquals("unknown conntrack timeout 'tcp_foo' (known: tcp_syn_sent, tcp_syn_recv, tcp_established, "
            + "tcp_fin_wait, tcp_closing, tcp_time_wait, udp_first, udp_single, udp_multiple, icmp_first, "
            + "icmp_reply)", assertThrows(IllegalArgumentException.class,
                () -> CtTimeout.byPolicyName("tcp_foo")).getMessage());
        assertEquals("conntrack stripes must be a power of two in 1..65536: 3",
            assertThrows(IllegalArgumentException.class, () -> ConntrackConfig.builder().stripes(3)).getMessage());
    }

    @Test
    void shouldUseConfiguredTimeouts()
    {
        tracker = tracker(ConntrackConfig.builder().timeout(CtTimeout.UDP_FIRST, Duration.ofSeconds(5)));
        commit(udp(1));
        advance(Duration.ofSeconds(4));
        assertEquals(1, tracker.size());
        advance(Duration.ofSeconds(2));
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldCatchUpAfterALongPauseOfTheTimer()
    {
        for (int port = 1; port <= 100; port++)
        {
            commit(udp(port));
        }
        established("10.0.0.1", 7000, "10.0.0.2", 80, 0);
        assertEquals(100, advance(Duration.ofHours(2)), "every wheel slot visited once, not 28800 ticks");
        assertEquals(1, tracker.size());
    }

    @Test
    void shouldExpireOnItsOwnThreadAndStopItOnClose() throws InterruptedException
    {
        final ConnectionTracker threaded = new ConnectionTracker(ConntrackConfig.builder()
            .allTimeouts(Duration.ofMillis(1)).expiryTick(Duration.ofMillis(1)).build(), Clock.SYSTEM);
        try
        {
            threaded.commit(Frames.packet(udp(1)), 0);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (threaded.size() > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }
            assertEquals(0, threaded.size());
            assertEquals(1, threaded.counters().get("expired"));
        }
        finally
        {
            threaded.close();
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("conntrack-expiry")
            && t.isAlive()), "expiry thread stopped");
    }

    @Test
    void shouldPrintStatesAsOvs()
    {
        assertEquals("-trk", CtState.toString(0));
        assertEquals("+trk+est+rpl", CtState.toString(CtState.REPLY | CtState.ESTABLISHED | CtState.TRACKED));
        assertEquals("+trk+rel", CtState.toString(CtState.RELATED | CtState.TRACKED));
        assertEquals(1, CtState.NEW);
        assertEquals(32, CtState.TRACKED);
        assertEquals(128, CtState.DST_NAT);
    }
}
