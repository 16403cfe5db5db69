package net.vswitch.logic.conntrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PseudoConnectionTest extends TrackerFixture
{
    @Test
    void shouldEstablishUdpOnceBothDirectionsHaveBeenSeen()
    {
        final byte[] query = Frames.udp("10.0.0.1", 33000, "10.0.0.53", 53);
        final byte[] answer = Frames.udp("10.0.0.53", 53, "10.0.0.1", 33000);
        assertEquals("+trk+new", commit(query));
        assertEquals("+trk+new", commit(query), "still one direction only");
        assertEquals(List.of("udp,orig=(src=10.0.0.1,dst=10.0.0.53,sport=33000,dport=53),reply=(src=10.0.0.53,"
            + "dst=10.0.0.1,sport=53,dport=33000)"), tracker.dump(ConnectionTracker.ALL_ZONES));
        assertEquals("+trk+est+rpl", track(answer));
        assertEquals("+trk+est", track(query));
        assertEquals(1, tracker.size());
        assertEquals(1, counter("created"));
    }

    @Test
    void shouldTrackAnUnansweredUdpReplyDirectionAsItsOwnConnection()
    {
        assertEquals("+trk+new", commit(Frames.udp("10.0.0.53", 53, "10.0.0.1", 33000)));
        assertEquals("+trk+est+rpl", track(Frames.udp("10.0.0.1", 33000, "10.0.0.53", 53)));
    }

    @Test
    void shouldExpireUdpAfterItsTimeouts()
    {
        final byte[] query = Frames.udp("10.0.0.1", 33000, "10.0.0.53", 53);
        commit(query);
        advance(Duration.ofSeconds(59));
        assertEquals(1, tracker.size(), "udp_first is 60 s");
        advance(Duration.ofSeconds(2));
        assertEquals(0, tracker.size());
        commit(query);
        track(Frames.udp("10.0.0.53", 53, "10.0.0.1", 33000));
        advance(Duration.ofSeconds(29));
        assertEquals(1, tracker.size(), "udp_multiple is 30 s");
        advance(Duration.ofSeconds(2));
        assertEquals(0, tracker.size());
        assertEquals(2, counter("expired"));
    }

    @Test
    void shouldTrackIcmpEchoAsAPseudoConnection()
    {
        assertEquals("+trk+inv", commit(Frames.echo("10.0.0.2", "10.0.0.1", false, 7)), "reply without request");
        assertEquals(1, counter("invalid_icmp_unrelated"));
        assertEquals("+trk+new", commit(Frames.echo("10.0.0.1", "10.0.0.2", true, 7)));
        assertEquals("+trk+est+rpl", track(Frames.echo("10.0.0.2", "10.0.0.1", false, 7)));
        assertEquals("+trk+est", track(Frames.echo("10.0.0.1", "10.0.0.2", true, 7)));
        assertEquals("+trk+new", track(Frames.echo("10.0.0.1", "10.0.0.2", true, 8)), "another id");
        assertEquals("+trk+new", track(Frames.echo("10.0.0.2", "10.0.0.1", true, 7)), "a request the other way");
        assertEquals(List.of("icmp,orig=(src=10.0.0.1,dst=10.0.0.2,id=7,type=8,code=0),reply=(src=10.0.0.2,"
            + "dst=10.0.0.1,id=7,type=0,code=0)"), tracker.dump(0));
    }

    @Test
    void shouldTrackIcmpv6Echo()
    {
        assertEquals("+trk+new", commit(Frames.echo("fe80::1", "fe80::2", true, 9)));
        assertEquals("+trk+est+rpl", track(Frames.echo("fe80::2", "fe80::1", false, 9)));
        assertEquals(List.of("icmpv6,orig=(src=fe80::1,dst=fe80::2,id=9,type=128,code=0),reply=(src=fe80::2,"
            + "dst=fe80::1,id=9,type=129,code=0)"), tracker.dump(0));
    }

    @Test
    void shouldMarkIcmpErrorsQuotingATrackedConnectionRelated()
    {
        final TcpFlow flow = established("10.0.0.1", 5000, "10.0.0.2", 80, 0);
        final byte[] fromClient = flow.clientData(10);
        final byte[] fromServer = flow.serverData(10);
        assertEquals("+trk+rel+rpl", track(Frames.unreachable("10.0.0.254", "10.0.0.1", fromClient)),
            "an error about the client's packet goes back to the client");
        assertEquals("+trk+rel", track(Frames.unreachable("10.0.0.254", "10.0.0.2", fromServer)));
        final byte[] stranger = Frames.tcp("10.0.0.9", 1, "10.0.0.2", 80, Frames.ACK, 1, 1, 100, 0);
        assertEquals("+trk+inv", track(Frames.unreachable("10.0.0.254", "10.0.0.9", stranger)));
        final byte[] udp = Frames.udp("10.0.0.1", 4000, "10.0.0.3", 53);
        commit(udp);
        assertEquals("+trk+rel+rpl", commit(Frames.unreachable("10.0.0.3", "10.0.0.1", udp)));
        assertEquals(2, tracker.size(), "a related error commits nothing");
        assertEquals(3, counter("related"));
        assertEquals(1, counter("invalid_icmp_unrelated"));
    }

    @Test
    void shouldMarkIcmpv6ErrorsRelated()
    {
        final TcpFlow flow = established("2001:db8::1", 5000, "2001:db8::2", 80, 0);
        assertEquals("+trk+rel+rpl", track(Frames.unreachable("2001:db8::fe", "2001:db8::1", flow.clientData(1))));
        final byte[] echo = Frames.echo("2001:db8::1", "2001:db8::3", true, 4);
        commit(echo);
        assertEquals("+trk+rel+rpl", track(Frames.unreachable("2001:db8::fe", "2001:db8::1", echo)));
    }

    @Test
    void shouldMarkOtherIcmpMessagesInvalid()
    {
        assertEquals("+trk+inv", commit(Frames.icmp("fe80::1", "ff02::1", 135, 0, 0, new byte[16])), "ND solicit");
        assertEquals("+trk+inv", commit(Frames.icmp("10.0.0.1", "10.0.0.2", 13, 0, 0, new byte[12])), "timestamp");
        assertEquals(0, tracker.size());
    }

    @Test
    void shouldTrackVlanTaggedFramesLikeUntaggedOnes()
    {
        final TcpFlow flow = new TcpFlow("10.0.0.1", 5000, "10.0.0.2", 80);
        assertEquals("+trk+new", commit(Frames.tagged(flow.syn(), 100)));
        assertEquals("+trk+est+rpl", track(Frames.tagged(flow.synAck(), 100)));
        assertEquals("+trk+est", track(flow.clientData(10)), "the tag is not part of the key: zones separate VLANs");
    }

    @Test
    void shouldTrackOtherProtocolsByAddresses()
    {
        final byte[] gre = Frames.ip("10.0.0.1", "10.0.0.2", 47, new byte[8]);
        assertEquals("+trk+new", commit(gre));
        assertEquals("+trk+est+rpl", track(Frames.ip("10.0.0.2", "10.0.0.1", 47, new byte[8])));
        assertEquals(List.of("47,orig=(src=10.0.0.1,dst=10.0.0.2),reply=(src=10.0.0.2,dst=10.0.0.1)"),
            tracker.dump(0));
    }
}
