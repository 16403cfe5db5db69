package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import net.vswitch.fabric.Packet;

class TcpTrackingTest extends TrackerFixture
{
    @Test
    void shouldTrackHandshakeDataAndCloseAsOvsDoes()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80);
        final byte[] syn = flow.syn();
        assertEquals("+trk+new", track(syn, 1));
        assertEquals(0, tracker.size(), "track alone commits nothing");
        assertEquals("+trk+new", commit(syn, 1));
        assertEquals(1, tracker.size(1));
        assertEquals(List.of("tcp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=80),reply=(src=10.0.0.2,"
            + "dst=10.0.0.1,sport=80,dport=5000),zone=1,protoinfo=(state=SYN_SENT)"), tracker.dump(1));
        assertEquals("+trk+est+rpl", track(flow.synAck(), 1));
        assertEquals("+trk+est", track(flow.clientData(0), 1));
        assertEquals("+trk+est", track(flow.clientData(100), 1));
        assertEquals("+trk+est+rpl", track(flow.serverData(1400), 1));
        assertEquals(List.of("tcp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=80),reply=(src=10.0.0.2,"
            + "dst=10.0.0.1,sport=80,dport=5000),zone=1,protoinfo=(state=ESTABLISHED)"), tracker.dump(1));
        assertEquals("+trk+est", track(flow.clientFin(), 1));
        assertEquals("+trk+est+rpl", track(flow.serverFin(), 1));
        assertEquals("+trk+est", track(flow.clientData(0), 1));
        assertTrue(tracker.dump(1).get(0).endsWith("protoinfo=(state=TIME_WAIT)"), tracker.dump(1).get(0));
        assertEquals(1, counter("created"));
        assertEquals(0, counter("invalid"));
    }

    @Test
    void shouldMarkNonSynWithoutConnectionInvalid()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80);
        assertEquals("+trk+inv", commit(flow.clientData(10)));
        assertEquals("+trk+inv", commit(flow.synAck()));
        assertEquals(0, tracker.size());
        assertEquals(2, counter("invalid_tcp_no_connection"));
    }

    @Test
    void shouldMarkImpossibleFlagsInvalid()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80);
        assertEquals("+trk+inv", commit(flow.clientAt(Frames.SYN | Frames.FIN, 0, 0)));
        assertEquals("+trk+inv", commit(flow.clientAt(Frames.SYN | Frames.RST, 0, 0)));
        assertEquals("+trk+inv", commit(flow.clientAt(0, 0, 0)));
        assertEquals(3, counter("invalid_tcp_flags"));
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldMarkOutOfWindowSegmentsInvalidAndKeepTheConnection()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        assertEquals("+trk+inv", track(flow.clientAt(Frames.ACK, 1 << 30, 100)), "far ahead");
        assertEquals("+trk+inv", track(flow.clientAt(Frames.ACK, -(1 << 20), 100)), "more than a window back");
        assertEquals("+trk+inv", track(flow.serverAt(Frames.ACK, 200_000, 10)), "past what the client allows");
        assertEquals(3, counter("invalid_tcp_window"));
        assertEquals("+trk+est", track(flow.clientData(10)), "in-window data still passes");
        assertEquals("+trk+est+rpl", track(flow.serverData(10)));
    }

    @Test
    void shouldAcceptRetransmissionsWithinOneWindowBack()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        final byte[] data = flow.clientData(500);
        assertEquals("+trk+est", track(data));
        assertEquals("+trk+est", track(data), "a retransmission");
        assertEquals(0, counter("invalid"));
    }

    @Test
    void shouldRequireRstAtTheExpectedSequenceNumber()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        assertEquals("+trk+inv", track(flow.clientAt(Frames.RST | Frames.ACK, 5000, 0)), "RST inside the window");
        assertEquals("+trk+inv", track(flow.serverAt(Frames.RST, 1 << 30, 0)), "RST outside the window");
        assertEquals(2, counter("invalid_tcp_rst"), "a segment without data is judged by its RST check");
        assertTrue(tracker.dump(0).get(0).endsWith("(state=ESTABLISHED)"), "a bad RST closes nothing");
        assertEquals("+trk+est+rpl", track(flow.serverAt(Frames.RST, 0, 0)), "exact RST");
        assertTrue(tracker.dump(0).get(0).endsWith("(state=TIME_WAIT)"), tracker.dump(0).toString());
    }

    @Test
    void shouldHonourWindowScalingFromTheSynOptions()
    {
        final TcpFlow scaled = new TcpFlow("10.0.0.1", 5001, "10.0.0.2", 80);
        scaled.clientOptions = Frames.wscale(7);
        scaled.serverOptions = Frames.wscale(7);
        scaled.window = 1000;
        commit(scaled.syn());
        assertEquals("+trk+est+rpl", track(scaled.synAck()));
        assertEquals("+trk+est", track(scaled.clientData(0)));
        assertEquals("+trk+est+rpl", track(scaled.serverData(0)), "opens 1000 << 7 bytes for the client");
        assertEquals("+trk+est", track(scaled.clientAt(Frames.ACK, 100_000, 100)), "inside the scaled window");

        final TcpFlow unscaled = new TcpFlow("10.0.0.1", 5002, "10.0.0.2", 80);
        unscaled.window = 1000;
        commit(unscaled.syn());
        track(unscaled.synAck());
        track(unscaled.clientData(0));
        track(unscaled.serverData(0));
        assertEquals("+trk+inv", track(unscaled.clientAt(Frames.ACK, 100_000, 100)), "1000 bytes, not 128000");
        assertEquals(1, counter("invalid_tcp_window"));
    }

    @Test
    void shouldIgnoreScalingUnlessBothEndsOfferIt()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5001, "10.0.0.2", 80);
        flow.clientOptions = Frames.wscale(7);
        flow.window = 1000;
        commit(flow.syn());
        track(flow.synAck());
        track(flow.clientData(0));
        track(flow.serverData(0));
        assertEquals("+trk+inv", track(flow.clientAt(Frames.ACK, 100_000, 100)));
    }

    @Test
    void shouldExpireTimeWaitAfterItsTimeoutAndReopenOnANewSyn()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        track(flow.clientFin());
        track(flow.serverFin());
        track(flow.clientData(0));
        final TcpFlow again = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80);
        again.clientSeq = flow.clientSeq + 100_000;
        assertEquals("+trk+new", track(again.syn()), "a SYN reopens a closed connection");
        assertEquals(0, tracker.size(), "the closed connection went");
        assertEquals("+trk+new", commit(again.syn()));
        assertEquals(1, tracker.size());
        track(again.synAck());
        track(again.clientData(0));
        track(again.clientFin());
        track(again.serverFin());
        track(again.clientData(0));
        assertEquals(0, advance(CtTimeout.TCP_TIME_WAIT.defaultTimeout().minusSeconds(1)));
        assertEquals(1, tracker.size());
        assertEquals(1, advance(Duration.ofSeconds(1).plus(TICK)));
        assertEquals(0, tracker.size());
        assertEquals(1, counter("expired"));
        assertEquals("+trk+inv", track(again.clientData(0)), "gone: a stray ACK is invalid");
    }

    @Test
    void shouldKeepEstablishedConnectionsForADayAndUnansweredSynsFor30Seconds()
    {
        established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        commit(new TcpFlow("10.0.0.1", 5001, "10.0.0.2", 80).syn());
        assertEquals(2, tracker.size());
        advance(Duration.ofSeconds(29));
        assertEquals(2, tracker.size());
        advance(Duration.ofSeconds(2));
        assertEquals(1, tracker.size(), "the SYN_SENT one expired");
        advance(Duration.ofHours(23));
        assertEquals(1, tracker.size());
        advance(Duration.ofHours(1));
        assertEquals(0, tracker.size(), "established expires after 24 h idle");
    }

    @Test
    void shouldRefreshTimeoutsOnEveryValidPacket()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        for (int hour = 0; hour < 48; hour++)
        {
            advance(Duration.ofHours(1));
            assertEquals("+trk+est", track(flow.clientData(1)));
        }
        assertEquals(1, tracker.size());
    }

    @Test
    void shouldShortenTheTimeoutAtOnceWhenTheConnectionCloses()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        track(flow.serverAt(Frames.RST, 0, 0));
        advance(CtTimeout.TCP_TIME_WAIT.defaultTimeout().plus(TICK).plus(TICK));
        assertEquals(0, tracker.size(), "not kept for the 24 h the established connection was scheduled for");
    }

    @Test
    void shouldAcceptTheResponderRefusingWithRstAck()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 81);
        commit(flow.syn());
        final byte[] refusal = Frames.tcp("10.0.0.2", 81, "10.0.0.1", 5000, Frames.RST | Frames.ACK, 0,
            flow.clientSeq, 0, 0);
        assertEquals("+trk+est+rpl", track(refusal));
        assertTrue(tracker.dump(0).get(0).endsWith("(state=TIME_WAIT)"), tracker.dump(0).toString());
        assertEquals("+trk+new", track(new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 81).syn()), "the client retries");
    }

    @Test
    void shouldTrackSimultaneousOpen()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 6000);
        assertEquals("+trk+new", commit(flow.syn()));
        assertEquals("+trk+est+rpl", track(flow.fromServer(Frames.SYN, 0)), "the other end's own SYN");
        // each end then acknowledges the other's SYN, repeating its own
        assertEquals("+trk+est+rpl", track(Frames.tcp("10.0.0.2", 6000, "10.0.0.1", 5000, Frames.SYN | Frames.ACK,
            flow.serverSeq - 1, flow.clientSeq, TcpFlow.WINDOW, 0)));
        assertEquals("+trk+est", track(Frames.tcp("10.0.0.1", 5000, "10.0.0.2", 6000, Frames.SYN | Frames.ACK,
            flow.clientSeq - 1, flow.serverSeq, TcpFlow.WINDOW, 0)));
        assertEquals("+trk+est", track(flow.clientData(10)));
        assertEquals("+trk+est+rpl", track(flow.serverData(10)));
        assertTrue(tracker.dump(0).get(0).endsWith("(state=ESTABLISHED)"), tracker.dump(0).toString());
        assertEquals(0, counter("invalid"));
    }

    @Test
    void shouldTrackIpv6Connections()
    {
        final TcpFlow flow = new TcpFlow("2001:db8::1", 40000, "2001:db8::2", 443);
        assertEquals("+trk+new", commit(flow.syn()));
        assertEquals("+trk+est+rpl", track(flow.synAck()));
        assertEquals("+trk+est", track(flow.clientData(20)));
        assertEquals(List.of("tcp,orig=(src=2001:db8::1,dst=2001:db8::2,sport=40000,dport=443),reply=(src=2001:db8::2,"
            + "dst=2001:db8::1,sport=443,dport=40000),protoinfo=(state=ESTABLISHED)"), tracker.dump(0));
    }

    @Test
    void shouldNotRunAPacketTwiceWhenCommittedAfterTracking()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        final Packet packet = Frames.packet(flow.clientData(10));
        assertEquals(CtState.TRACKED | CtState.ESTABLISHED, tracker.track(packet, 0));
        assertEquals(CtState.TRACKED | CtState.ESTABLISHED, tracker.commit(packet, 0));
        assertEquals(0, packet.ctZone());
        final Packet syn = Frames.packet(new TcpFlow("10.0.0.1", 6000, "10.0.0.2", 80).syn());
        assertEquals(CtState.TRACKED | CtState.NEW, tracker.track(syn, 3));
        assertEquals(CtState.TRACKED | CtState.NEW, tracker.commit(syn, 3));
        assertEquals(3, syn.ctZone());
        assertEquals(1, tracker.size(3));
    }
}
