package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import net.vswitch.fabric.DropReason;

/** Random maps, unmaps and packets through a real switch agree with a map-based model of the middlebox filter. */
class MiddleboxFilterPropertyTest
{
    private static final int PORTS = 4;
    private static final int[] L4_PORTS = {0, 53, 80, 443, 8080, 65535};

    /** Map ({@code switchPort >= 0}) or unmap ({@code switchPort < 0}) a transport port. */
    record Op(L4Protocol protocol, int l4Port, int switchPort)
    {
    }

    record Pkt(int ingress, L4Protocol protocol, int src, int dst, boolean ipv6)
    {
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        return Combinators.combine(Arbitraries.of(L4Protocol.class), Arbitraries.of(0, 1, 2, 3, 4, 5),
            Arbitraries.integers().between(-1, PORTS - 1))
            .as((p, i, s) -> new Op(p, L4_PORTS[i], s)).list().ofMaxSize(16);
    }

    @Provide
    Arbitrary<List<Pkt>> packets()
    {
        return Combinators.combine(Arbitraries.integers().between(0, PORTS - 1), Arbitraries.of(L4Protocol.class),
            Arbitraries.of(0, 1, 2, 3, 4, 5), Arbitraries.of(0, 1, 2, 3, 4, 5), Arbitraries.of(false, true))
            .as((in, p, s, d, v6) -> new Pkt(in, p, L4_PORTS[s], L4_PORTS[d], v6)).list().ofMinSize(1).ofMaxSize(16);
    }

    @Property(tries = 300)
    void deliveryMatchesTheReferenceModel(@ForAll("ops") final List<Op> ops, @ForAll("packets") final List<Pkt> packets,
        @ForAll("returnPorts") final int returnPort)
    {
        final MiddleboxFilter filter = new MiddleboxFilter(returnPort);
        try (SwitchRig rig = new SwitchRig(filter, "nic", "m1", "m2", "m3"))
        {
            final Map<String, Integer> model = new HashMap<>();
            for (final Op op : ops)
            {
                final String key = op.protocol() + "/" + op.l4Port();
                if (op.switchPort() >= 0)
                {
                    filter.map(op.protocol(), op.l4Port(), op.switchPort());
                    model.put(key, op.switchPort());
                }
                else if (model.remove(key) != null)
                {
                    filter.unmap(op.protocol(), op.l4Port());
                }
            }
            for (final Pkt pkt : packets)
            {
                final Integer low = model.get(pkt.protocol() + "/" + Math.min(pkt.src(), pkt.dst()));
                final Integer high = model.get(pkt.protocol() + "/" + Math.max(pkt.src(), pkt.dst()));
                Integer expected = low != null ? low : high;
                if (expected != null && expected == pkt.ingress())
                {
                    expected = returnPort >= 0 && returnPort != pkt.ingress() ? returnPort : null;
                }
                final long filteredBefore = rig.drops(pkt.ingress(), DropReason.FILTERED);
                final String src = pkt.ipv6() ? "2001:db8::1" : "10.0.0.1";
                final String dst = pkt.ipv6() ? "2001:db8::2" : "10.0.0.2";
                rig.send(pkt.ingress(), FrameBuilder.of(pkt.protocol(), src, pkt.src(), dst, pkt.dst()).build());
                final int[] wanted = new int[PORTS];
                if (expected != null)
                {
                    wanted[expected] = 1;
                }
                assertEquals(Arrays.toString(wanted), Arrays.toString(rig.drainCounts()), pkt + " delivered");
                assertEquals(expected == null ? 1 : 0, rig.drops(pkt.ingress(), DropReason.FILTERED) - filteredBefore,
                    pkt + " filtered");
                assertEquals(0, rig.counters(pkt.ingress()).ingressDrops()
                    - rig.drops(pkt.ingress(), DropReason.FILTERED), pkt + " other drops");
            }
        }
    }

    @Provide
    Arbitrary<Integer> returnPorts()
    {
        return Arbitraries.integers().between(-1, PORTS - 1);
    }
}
