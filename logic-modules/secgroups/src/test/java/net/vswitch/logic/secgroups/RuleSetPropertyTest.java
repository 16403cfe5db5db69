package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.vswitch.fabric.Packet;

/** The indexed {@link RuleSet} answers exactly as a linear scan of the same rules would. */
class RuleSetPropertyTest
{
    private static final int[] PROTOCOLS = {Packet.IPPROTO_TCP, Packet.IPPROTO_UDP, Packet.IPPROTO_ICMP,
        Packet.IPPROTO_ICMPV6, 47, Protocol.ANY};

    record Query(int version, int protocol, int port, int code, int peerByte, int[] peerGroups)
    {
    }

    Arbitrary<Rule> rules()
    {
        final Arbitrary<Integer> protocol = Arbitraries.of(0, 1, 2, 3, 4, 5).map(i -> PROTOCOLS[i]);
        final Arbitrary<Integer> low = Arbitraries.integers().between(-1, 12);
        final Arbitrary<Integer> span = Arbitraries.integers().between(0, 4);
        final Arbitrary<Integer> remote = Arbitraries.integers().between(0, 6);
        return Combinators.combine(protocol, low, span, remote, Arbitraries.of(4, 6)).as((p, min, width, r, v) ->
        {
            final int version = p == Packet.IPPROTO_ICMP ? 4 : p == Packet.IPPROTO_ICMPV6 ? 6 : v;
            final EtherType type = version == 4 ? EtherType.IPV4 : EtherType.IPV6;
            int portMin = -1;
            int portMax = -1;
            if (Protocol.hasPorts(p) && min > 0)
            {
                portMin = min;
                portMax = min + width;
            }
            else if (Protocol.isIcmp(p) && min >= 0)
            {
                portMin = min;
                portMax = width == 0 ? -1 : width;
            }
            String remoteIp = null;
            String remoteGroup = null;
            if (r <= 2)
            {
                remoteIp = version == 4 ? "10.0." + r + ".0/24" : "2001:db8:" + r + "::/48";
            }
            else if (r <= 4)
            {
                remoteGroup = "g" + (r - 3);
            }
            return new Rule(0, "g0", Direction.INGRESS, type, p, portMin, portMax, remoteIp, remoteGroup);
        });
    }

    @Provide
    Arbitrary<List<Rule>> ruleLists()
    {
        return rules().list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Query>> queryLists()
    {
        return queries().list().ofMinSize(1).ofMaxSize(40);
    }

    Arbitrary<Query> queries()
    {
        return Combinators.combine(Arbitraries.of(4, 6), Arbitraries.of(0, 1, 2, 3, 4).map(i -> PROTOCOLS[i]),
            Arbitraries.integers().between(-1, 18), Arbitraries.integers().between(0, 4),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3))
            .as((v, p, port, code, peer, groups) -> new Query(v, p, port, code, peer,
                groups == 0 ? null : groups == 1 ? new int[] {0} : groups == 2 ? new int[] {1} : new int[] {0, 1}));
    }

    private static long[] peer(final Query q)
    {
        final Address a = Address.parse(q.version() == 4 ? "10.0." + q.peerByte() + ".7" : "2001:db8:"
            + q.peerByte() + "::7");
        return new long[] {a.high(), a.low()};
    }

    private static boolean reference(final Rule r, final Query q, final Map<String, Integer> groupIndex)
    {
        if (r.etherType().ipVersion() != q.version() || (r.protocol() != Protocol.ANY && r.protocol() != q.protocol()))
        {
            return false;
        }
        if (Protocol.hasPorts(r.protocol()) && r.portMin() >= 0 && (q.port() < r.portMin() || q.port() > r.portMax()))
        {
            return false;
        }
        if (Protocol.isIcmp(r.protocol()) && ((r.portMin() >= 0 && r.portMin() != q.port())
            || (r.portMax() >= 0 && r.portMax() != q.code())))
        {
            return false;
        }
        final long[] peer = peer(q);
        if (r.remoteIp() != null)
        {
            return Cidr.parse(r.remoteIp()).contains(peer[0], peer[1]);
        }
        if (r.remoteGroup() != null)
        {
            return q.peerGroups() != null && Arrays.binarySearch(q.peerGroups(), groupIndex.get(r.remoteGroup())) >= 0;
        }
        return true;
    }

    @Property(tries = 300)
    void shouldMatchExactlyWhenALinearScanWould(@ForAll("ruleLists") final List<Rule> drawn,
        @ForAll("queryLists") final List<Query> queries)
    {
        final Map<String, Integer> groupIndex = new HashMap<>(Map.of("g0", 0, "g1", 1));
        final RuleSet.Builder builder = new RuleSet.Builder();
        final List<Rule> rules = new ArrayList<>();
        int id = 1;
        for (final Rule r : drawn)
        {
            final Rule numbered = new Rule(id++, r.group(), r.direction(), r.etherType(), r.protocol(), r.portMin(),
                r.portMax(), r.remoteIp(), r.remoteGroup());
            rules.add(numbered);
            builder.add(numbered, new CompiledRule(numbered,
                numbered.remoteGroup() == null ? -1 : groupIndex.get(numbered.remoteGroup())));
        }
        final RuleSet set = builder.build();
        assertEquals(rules.size(), set.size());
        for (final Query q : queries)
        {
            final long[] peer = peer(q);
            final boolean expected = rules.stream().anyMatch(r -> reference(r, q, groupIndex));
            final int matched = set.match(q.version(), q.protocol(), q.port(), q.code(), peer[0], peer[1],
                q.peerGroups());
            assertEquals(expected, matched != RuleSet.NO_MATCH, () -> q + " against " + rules);
            if (matched != RuleSet.NO_MATCH)
            {
                assertTrue(reference(rules.get(matched - 1), q, groupIndex), "rule " + matched + " does not match " + q);
            }
        }
    }
}
