package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.PortCounters;
import net.vswitch.logic.conntrack.ConntrackConfig;
import net.vswitch.logic.conntrack.CtTimeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Security groups on a real switch with virtual ports: the behaviour of VNToR's Table 1 (echo tests with
 * rules on both sides, one side, none; reverse path; invalid packets) for TCP and UDP, ICMP and related
 * errors, remote groups, several groups per port, live changes, anti-spoofing, timeouts and a full table.
 */
class SecurityGroupsSwitchTest
{
    static final Hosts.Host A = Hosts.Host.of(0, "a", 1);
    static final Hosts.Host B = Hosts.Host.of(1, "b", 2);
    static final Hosts.Host C = Hosts.Host.of(2, "c", 3);
    static final Hosts.Host H = Hosts.Host.of(3, "h", 9);
    static final Hosts.Host H2 = Hosts.Host.of(4, "h2", 10);

    ManualClock clock;
    SecurityGroups groups;
    SecurityGroupsLogic logic;
    SwitchRig rig;

    @BeforeEach
    void setUp()
    {
        start(ConntrackConfig.builder().expiryThread(false).build());
    }

    void start(final ConntrackConfig config)
    {
        clock = new ManualClock();
        groups = new SecurityGroups();
        logic = new SecurityGroupsLogic(groups, config, clock);
        rig = new SwitchRig(logic, "a", "b", "c", "h", "h2");
        for (final String g : List.of("A", "B", "C"))
        {
            groups.create(g);
        }
        member("A", A);
        member("B", B);
        member("C", C);
    }

    @AfterEach
    void tearDown()
    {
        rig.close();
        logic.stop();
    }

    void member(final String group, final Hosts.Host host)
    {
        groups.addMember(group, host.name(), List.of(host.macText()), List.of(host.ip(), host.ip6()));
    }

    /** VNToR's example: A may open TCP 8080 to B, B accepts TCP 8080 from A. */
    void tcpRules(final boolean egress, final boolean ingress)
    {
        if (egress)
        {
            groups.addRule("A", RuleSpec.egress().protocol("tcp").portRange(8080, 8080).remoteGroup("B"));
        }
        if (ingress)
        {
            groups.addRule("B", RuleSpec.ingress().protocol("tcp").portRange(8080, 8080).remoteGroup("A"));
        }
    }

    void udpRules(final boolean egress, final boolean ingress)
    {
        if (egress)
        {
            groups.addRule("A", RuleSpec.egress().protocol("udp").portRange(8080, 8080).remoteGroup("B"));
        }
        if (ingress)
        {
            groups.addRule("B", RuleSpec.ingress().protocol("udp").portRange(8080, 8080).remoteGroup("A"));
        }
    }

    void passes(final Hosts.Host from, final Hosts.Host to, final byte[] frame)
    {
        assertEquals(1, rig.send(from.port(), frame), "frame from " + from.name() + " to " + to.name() + " dropped");
        final List<byte[]> got = rig.received(to.port());
        assertEquals(1, got.size());
        assertArrayEquals(frame, got.get(0));
    }

    void blocked(final Hosts.Host from, final byte[] frame)
    {
        assertEquals(0, rig.send(from.port(), frame), "frame from " + from.name() + " passed");
        for (int i = 0; i < rig.ports.length; i++)
        {
            assertEquals(0, rig.received(i).size(), "a copy reached port " + i);
        }
    }

    void drainAll()
    {
        for (int i = 0; i < rig.ports.length; i++)
        {
            rig.received(i);
        }
    }

    /** A port in no group announces itself (gratuitous ARP), so the switch learns where it is. */
    void announce(final Hosts.Host host)
    {
        assertTrue(rig.send(host.port(), Frames.arp(1, host.mac(), host.ip(), host.ip())) > 0);
        drainAll();
    }

    long counter(final String name)
    {
        return logic.counters().get(name);
    }

    /** Completes the handshake and a request/response; every segment must arrive. */
    Hosts.Tcp echo(final Hosts.Host client, final Hosts.Host server, final int port)
    {
        final Hosts.Tcp tcp = new Hosts.Tcp(client, 40000, server, port);
        passes(client, server, tcp.syn());
        passes(server, client, tcp.synAck());
        passes(client, server, tcp.ack());
        passes(client, server, tcp.clientData(100));
        passes(server, client, tcp.serverData(200));
        return tcp;
    }

    void assertAccounted()
    {
        for (int i = 0; i < rig.ports.length; i++)
        {
            final PortCounters c = rig.counters(i);
            long drops = 0;
            for (final DropReason r : DropReason.values())
            {
                drops += c.drops(r);
            }
            assertEquals(c.rxPackets(), c.forwarded() + drops, "port " + i + " rx != forwarded + drops");
        }
    }

    @Nested
    class Table1Tcp
    {
        @Test
        void shouldAcceptTheEchoWithIngressAndEgressRules()
        {
            tcpRules(true, true);
            echo(A, B, 8080);
            assertEquals(1, counter("allowed_new"));
            assertEquals(4, counter("established"));
            assertEquals(1, logic.tracker().size());
            assertAccounted();
        }

        @Test
        void shouldDenyTheEchoWithTheEgressRuleOnly()
        {
            tcpRules(true, false);
            blocked(A, new Hosts.Tcp(A, 40000, B, 8080).syn());
            assertEquals(1, rig.drops(A.port(), DropReason.FILTERED));
            assertEquals(1, counter("denied_new"));
            assertEquals(0, logic.tracker().size());
        }

        @Test
        void shouldDenyTheEchoWithTheIngressRuleOnly()
        {
            tcpRules(false, true);
            blocked(A, new Hosts.Tcp(A, 40000, B, 8080).syn());
            assertEquals(1, counter("denied_new"));
        }

        @Test
        void shouldDenyTheEchoWithoutRules()
        {
            blocked(A, new Hosts.Tcp(A, 40000, B, 8080).syn());
            blocked(A, new Hosts.Tcp(A, 40000, B, 22).syn());
            assertEquals(2, rig.drops(A.port(), DropReason.FILTERED));
        }

        @Test
        void shouldDenyTheReversePath()
        {
            tcpRules(true, true);
            // B opens from its port 8080 to an ephemeral port of A without a connection: SYN and plain segment
            blocked(B, new Hosts.Tcp(B, 8080, A, 40000).syn());
            blocked(B, B.tcp(A, 8080, 40000, 7, 9, Frames.ACK, 10));
            assertEquals(2, rig.drops(B.port(), DropReason.FILTERED));
        }

        @Test
        void shouldDenyInvalidSegmentsEvenWithBothRules()
        {
            tcpRules(true, true);
            blocked(A, A.tcp(B, 40000, 8080, 7, 9, Frames.ACK, 10));
            blocked(A, A.tcp(B, 40000, 8080, 7, 9, Frames.ACK | Frames.PSH, 10));
            assertEquals(2, counter("invalid"));
            assertEquals(0, counter("allowed_new"));
        }

        @Test
        void shouldNeedNoRuleForRepliesButARuleForTheOtherDirectionsNewConnections()
        {
            tcpRules(true, true);
            echo(A, B, 8080);
            // B may answer, but not open a connection of its own to A
            blocked(B, new Hosts.Tcp(B, 41000, A, 8080).syn());
        }

        @Test
        void shouldLetAPortInNoGroupTalkToAMemberOnlyByTheMembersIngressRules()
        {
            blocked(H, new Hosts.Tcp(H, 40000, B, 8080).syn());
            groups.addRule("B", RuleSpec.ingress().protocol("tcp").portRange(8080, 8080).remoteIp("10.0.0.0/24"));
            echo(H, B, 8080);
        }
    }

    @Nested
    class Table1Udp
    {
        @Test
        void shouldAcceptTheEchoWithIngressAndEgressRules()
        {
            udpRules(true, true);
            passes(A, B, A.udp(B, 5000, 8080));
            passes(B, A, B.udp(A, 8080, 5000));
            passes(A, B, A.udp(B, 5000, 8080));
            assertEquals(1, counter("allowed_new"));
        }

        @Test
        void shouldDenyTheEchoWithOneRuleOrNone()
        {
            udpRules(true, false);
            blocked(A, A.udp(B, 5000, 8080));
            groups.deleteRule("A", groups.group("A").rules().get(0).id());
            udpRules(false, true);
            blocked(A, A.udp(B, 5000, 8080));
            groups.deleteRule("B", groups.group("B").rules().get(0).id());
            blocked(A, A.udp(B, 5000, 8080));
            assertEquals(3, counter("denied_new"));
        }

        @Test
        void shouldDenyTheReversePath()
        {
            udpRules(true, true);
            blocked(B, B.udp(A, 8080, 5000));
        }

        @Test
        void shouldMatchIpv6RulesByEtherType()
        {
            groups.addRule("A", RuleSpec.egress().etherType(EtherType.IPV6));
            groups.addRule("B", RuleSpec.ingress().etherType(EtherType.IPV6).protocol("udp").portRange(53, 53));
            passes(A, B, A.udp6(B, 5000, 53));
            passes(B, A, B.udp6(A, 53, 5000));
            blocked(A, A.udp(B, 5000, 53));
        }
    }

    @Nested
    class Icmp
    {
        @Test
        void shouldPassEchoAndRepliesByIcmpRules()
        {
            groups.addRule("A", RuleSpec.egress().protocol("icmp"));
            blocked(A, A.ping(B, 8, 77));
            groups.addRule("B", RuleSpec.ingress().protocol("icmp").portRange(8, -1));
            passes(A, B, A.ping(B, 8, 77));
            passes(B, A, B.ping(A, 0, 77));
            // type 13 (timestamp) is not allowed by B's type-8 rule
            blocked(A, Frames.ipFrame(B.mac(), A.mac(), A.ip(), B.ip(), Packet.IPPROTO_ICMP,
                Frames.icmp(13, 0, 5, 1, new byte[12])));
        }

        @Test
        void shouldPassErrorsAboutATrackedConnectionAsRelatedAndDropOthers()
        {
            udpRules(true, true);
            final byte[] request = A.udp(B, 5000, 8080);
            passes(A, B, request);
            // B answers with port unreachable quoting A's datagram (IP header + 8 bytes of UDP)
            final byte[] quoted = java.util.Arrays.copyOfRange(request, 14, 14 + 28);
            passes(B, A, Frames.ipFrame(A.mac(), B.mac(), B.ip(), A.ip(), Packet.IPPROTO_ICMP,
                Frames.icmp(3, 3, 0, 0, quoted)));
            assertEquals(1, counter("related"));
            final byte[] other = java.util.Arrays.copyOfRange(A.udp(B, 6000, 9999), 14, 14 + 28);
            blocked(B, Frames.ipFrame(A.mac(), B.mac(), B.ip(), A.ip(), Packet.IPPROTO_ICMP,
                Frames.icmp(3, 3, 0, 0, other)));
        }
    }

    @Nested
    class Groups
    {
        @Test
        void shouldMatchRemoteGroupsByTheirMembersAddresses()
        {
            groups.addRule("C", RuleSpec.egress());
            groups.addRule("B", RuleSpec.ingress().protocol("tcp").portRange(8080, 8080).remoteGroup("A"));
            // C is not in A
            blocked(C, new Hosts.Tcp(C, 40000, B, 8080).syn());
            // in two groups, C gets the union: its egress from C, and A membership for B's remote-group rule
            member("A", C);
            echo(C, B, 8080);
        }

        @Test
        void shouldTakeTheUnionOfTheRulesOfEveryGroupOfAPort()
        {
            groups.create("ssh");
            groups.addRule("ssh", RuleSpec.ingress().protocol("tcp").portRange(22, 22));
            groups.addRule("B", RuleSpec.ingress().protocol("tcp").portRange(80, 80));
            groups.addRule("A", RuleSpec.egress());
            member("ssh", B);
            echo(A, B, 22);
            echo(A, B, 80);
            blocked(A, new Hosts.Tcp(A, 40000, B, 443).syn());
        }

        @Test
        void shouldBridgePortsInNoGroup()
        {
            passes(H, H2, H.tcp(H2, 1, 2, 3, 4, Frames.ACK, 0));
            passes(H2, H, H2.udp(H, 7, 8));
            assertEquals(2, counter("bridged"));
            assertEquals(0, logic.tracker().size());
        }

        @Test
        void shouldFloodUnknownUnicastToPortsInNoGroupOnly()
        {
            final byte[] frame = Frames.ipFrame(0x02_0000_0000_77L, H.mac(), H.ip(), "10.0.0.77",
                Packet.IPPROTO_UDP, Frames.udp(1, 2, 8));
            assertEquals(1, rig.send(H.port(), frame));
            assertEquals(1, rig.received(H2.port()).size());
            assertEquals(0, rig.received(A.port()).size());
        }
    }

    @Nested
    class Changes
    {
        @Test
        void shouldStopAConnectionWhenItsRuleIsDeletedAndKeepItForUnrelatedChanges()
        {
            tcpRules(true, true);
            final int unrelated = groups.addRule("B", RuleSpec.ingress().protocol("udp").portRange(53, 53));
            final Hosts.Tcp tcp = echo(A, B, 8080);
            groups.deleteRule("B", unrelated);
            groups.addRule("C", RuleSpec.ingress());
            passes(A, B, tcp.clientData(10));
            final int rule = groups.group("B").rules().get(0).id();
            groups.deleteRule("B", rule);
            assertEquals(0, logic.tracker().size());
            assertEquals(1, counter("revoked_connections"));
            blocked(A, tcp.clientData(10));
            blocked(B, tcp.serverData(10));
            assertAccounted();
        }

        @Test
        void shouldStopAConnectionWhenTheMembershipThatAllowedItIsDeleted()
        {
            groups.create("X");
            member("X", A);
            tcpRules(true, true);
            final Hosts.Tcp tcp = echo(A, B, 8080);
            // a stays in X (no rules): its egress is gone
            groups.removeMember("A", "a");
            blocked(A, tcp.clientData(10));
            assertEquals(1, counter("revoked_connections"));
        }

        @Test
        void shouldApplyANewRuleToTheNextConnectionAtOnce()
        {
            tcpRules(true, false);
            blocked(A, new Hosts.Tcp(A, 40000, B, 8080).syn());
            tcpRules(false, true);
            echo(A, B, 8080);
        }
    }

    @Nested
    class AntiSpoofing
    {
        @BeforeEach
        void allowAll()
        {
            groups.addRule("A", RuleSpec.egress());
            groups.addRule("A", RuleSpec.egress().etherType(EtherType.IPV6));
        }

        @Test
        void shouldDropFramesFromAnotherMacOrAddress()
        {
            blocked(A, Frames.ipFrame(H.mac(), 0x02_0000_0000_55L, A.ip(), H.ip(), Packet.IPPROTO_UDP,
                Frames.udp(1, 2, 8)));
            blocked(A, Frames.ipFrame(H.mac(), A.mac(), "10.0.0.55", H.ip(), Packet.IPPROTO_UDP, Frames.udp(1, 2, 8)));
            blocked(A, Frames.ipFrame(H.mac(), A.mac(), "2001:db8::55", H.ip6(), Packet.IPPROTO_UDP,
                Frames.udp(1, 2, 8)));
            assertEquals(3, rig.drops(A.port(), DropReason.SPOOFED));
            assertEquals(3, counter("spoofed"));
            announce(H);
            passes(A, H, A.udp(H, 1, 2));
        }

        @Test
        void shouldPassArpAndNeighbourDiscoveryOnlyForTheMembersOwnAddresses()
        {
            assertTrue(rig.send(A.port(), Frames.arp(1, A.mac(), A.ip(), H.ip())) > 0);
            assertEquals(1, rig.received(H.port()).size());
            assertEquals(1, rig.received(B.port()).size(), "members get ARP without rules");
            drainAll();
            blocked(A, Frames.arp(1, A.mac(), "10.0.0.66", H.ip()));
            blocked(A, Frames.arp(1, 0x02_0000_0000_66L, A.ip(), H.ip()));
            final String linkLocal = Address.linkLocal(A.mac()).toString();
            assertTrue(rig.send(A.port(), Frames.neighbor(136, A.mac(), linkLocal, "ff02::1", A.ip6())) > 0);
            drainAll();
            blocked(A, Frames.neighbor(136, A.mac(), linkLocal, "ff02::1", "2001:db8::66"));
            // duplicate address detection from :: for its own address only
            assertTrue(rig.send(A.port(), Frames.neighbor(135, A.mac(), "::", "ff02::1:ff00:1", A.ip6())) > 0);
            drainAll();
            blocked(A, Frames.neighbor(135, A.mac(), "::", "ff02::1:ff00:1", "2001:db8::66"));
            assertEquals(4, rig.drops(A.port(), DropReason.SPOOFED));
        }

        @Test
        void shouldPassDhcpClientTrafficFromTheUnspecifiedAddress()
        {
            final byte[] discover = Frames.ipFrame(Frames.BROADCAST_MAC, A.mac(), "0.0.0.0", "255.255.255.255",
                Packet.IPPROTO_UDP, Frames.udp(68, 67, 240));
            assertTrue(rig.send(A.port(), discover) > 0);
            assertEquals(1, rig.received(H.port()).size());
            assertEquals(0, rig.received(B.port()).size(), "B has no ingress rule for DHCP");
            drainAll();
            blocked(A, Frames.ipFrame(Frames.BROADCAST_MAC, A.mac(), "0.0.0.0", "255.255.255.255",
                Packet.IPPROTO_UDP, Frames.udp(1000, 67, 240)));
            assertEquals(1, counter("multicast_checked"));
            assertEquals(1, counter("spoofed"));
        }

        @Test
        void shouldDropAPortInNoGroupSendingAsAMember()
        {
            blocked(H, Frames.ipFrame(H2.mac(), A.mac(), A.ip(), H2.ip(), Packet.IPPROTO_UDP, Frames.udp(1, 2, 8)));
            assertEquals(1, rig.drops(H.port(), DropReason.SPOOFED));
        }

        @Test
        void shouldFilterOtherEtherTypesAndRouterAdvertisements()
        {
            blocked(A, Frames.ethernet(H.mac(), A.mac(), 0x88B5, new byte[46]));
            final String linkLocal = Address.linkLocal(A.mac()).toString();
            blocked(A, Frames.ipFrame(0x3333_0000_0001L, A.mac(), linkLocal, "ff02::1", Packet.IPPROTO_ICMPV6,
                Frames.icmp(134, 0, 0, 0, new byte[8])));
            assertEquals(2, rig.drops(A.port(), DropReason.FILTERED));
        }
    }

    @Nested
    class Control
    {
        @Test
        void shouldDumpAndFlushLiveConnections()
        {
            udpRules(true, true);
            passes(A, B, A.udp(B, 5000, 8080));
            final String json = logic.command("dump-conntrack", List.of(), true);
            assertTrue(json.startsWith("{\"connections\":[{\"zone\":0,\"protocol\":\"udp\",\"src\":\"10.0.0.1\","
                + "\"dst\":\"10.0.0.2\",\"sport\":5000,\"dport\":8080,"), json);
            // the mark records the ports: a (index 0) -> b (index 1)
            assertTrue(json.contains("\"mark\":" + ((1 << 16) | 2)), json);
            final String text = logic.command("dump-conntrack", List.of("--zone", "0"), false);
            assertTrue(text.startsWith("udp,orig=(src=10.0.0.1,dst=10.0.0.2,sport=5000,dport=8080)"), text);
            assertEquals("", logic.command("dump-conntrack", List.of("--zone", "9"), false));
            assertEquals("flushed 1 connection(s)", logic.command("flush-conntrack", List.of(), false));
            assertEquals("{\"connections\":[]}", logic.command("dump-conntrack", List.of(), true));
        }

        @Test
        void shouldForgetADetachedPortAndEnforceItsGroupsWhenItComesBack()
        {
            udpRules(true, true);
            assertEquals(3L, counter("member_ports"));
            rig.sw.detach(rig.ports[B.port()]);
            assertEquals(2L, counter("member_ports"));
            // re-attached under the same name: a member again, with its rules
            final int index = rig.sw.attach(rig.ports[B.port()]);
            assertEquals(B.port(), index);
            assertEquals(3L, counter("member_ports"));
            passes(A, B, A.udp(B, 5000, 8080));
            blocked(A, A.udp(B, 5000, 9999));
        }
    }

    @Nested
    class Limits
    {
        @Test
        void shouldForgetExpiredConnections()
        {
            udpRules(true, true);
            passes(A, B, A.udp(B, 5000, 8080));
            passes(B, A, B.udp(A, 8080, 5000));
            clock.advance(CtTimeout.UDP_MULTIPLE.defaultTimeout().plus(Duration.ofSeconds(1)));
            logic.tracker().expire();
            assertEquals(0, logic.tracker().size());
            // the reply direction is now a new connection of B's, which B's rules do not allow
            blocked(B, B.udp(A, 8080, 5000));
        }

        @Test
        void shouldDropNewConnectionsWhenTheTableIsFull()
        {
            tearDown();
            start(ConntrackConfig.builder().expiryThread(false).tableLimit(2).build());
            udpRules(true, true);
            passes(A, B, A.udp(B, 5000, 8080));
            passes(A, B, A.udp(B, 5001, 8080));
            blocked(A, A.udp(B, 5002, 8080));
            assertEquals(1, rig.drops(A.port(), DropReason.TABLE_FULL));
            assertEquals(1, counter("table_full"));
            // established traffic still flows
            passes(B, A, B.udp(A, 8080, 5000));
        }
    }
}
