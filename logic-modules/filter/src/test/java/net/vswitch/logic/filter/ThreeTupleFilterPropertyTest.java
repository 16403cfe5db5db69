package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/**
 * For random reservations and releases followed by random packets through a real switch, every
 * packet lands exactly where a plain map-based model of MultiStack says, or is dropped for the
 * model's reason.
 */
class ThreeTupleFilterPropertyTest
{
    private static final int PORTS = 5;
    private static final int NIC = 0;
    private static final int HOST = 1;
    private static final String[] V4 = {"10.0.0.1", "10.0.0.2"};
    private static final String[] V6 = {"2001:db8::1", "2001:db8::2"};
    private static final int[] L4_PORTS = {53, 80};
    private static final List<Tuple> TUPLES = tuples();

    private static List<Tuple> tuples()
    {
        final java.util.ArrayList<Tuple> list = new java.util.ArrayList<>();
        for (final L4Protocol protocol : L4Protocol.values())
        {
            for (final String[] family : new String[][] {V4, V6})
            {
                for (final String address : family)
                {
                    for (final int port : L4_PORTS)
                    {
                        list.add(Tuple.of(protocol, address, port));
                    }
                }
            }
        }
        return List.copyOf(list);
    }

    /** A control operation: reserve or release {@code tuple} for {@code port}. */
    record Op(boolean reserve, int port, int tuple)
    {
    }

    /** Packet kinds: TCP/UDP with the given tuple, or traffic the filter treats specially. */
    enum Kind
    {
        TUPLE, ARP, ICMP, FIRST_FRAGMENT, LATER_FRAGMENT, TRUNCATED_L4
    }

    /** A packet from {@code ingress}; its local endpoint is {@code tuple}, the remote one {@code remotePort}. */
    record Pkt(int ingress, Kind kind, int tuple, int remotePort)
    {
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        return Combinators.combine(Arbitraries.of(true, true, false), Arbitraries.integers().between(0, PORTS - 1),
            Arbitraries.integers().between(0, TUPLES.size() - 1)).as(Op::new).list().ofMaxSize(24);
    }

    @Provide
    Arbitrary<List<Pkt>> packets()
    {
        final Arbitrary<Kind> kinds = Arbitraries.frequency(List.of(
            net.jqwik.api.Tuple.of(12, Kind.TUPLE), net.jqwik.api.Tuple.of(1, Kind.ARP),
            net.jqwik.api.Tuple.of(1, Kind.ICMP), net.jqwik.api.Tuple.of(1, Kind.FIRST_FRAGMENT),
            net.jqwik.api.Tuple.of(1, Kind.LATER_FRAGMENT), net.jqwik.api.Tuple.of(1, Kind.TRUNCATED_L4)));
        return Combinators.combine(Arbitraries.integers().between(0, PORTS - 1), kinds,
            Arbitraries.integers().between(0, TUPLES.size() - 1), Arbitraries.of(53, 80, 40000))
            .as(Pkt::new).list().ofMinSize(1).ofMaxSize(24);
    }

    @Property(tries = 300)
    void deliveryMatchesTheReferenceModel(@ForAll("ops") final List<Op> ops, @ForAll("packets") final List<Pkt> packets)
    {
        final ThreeTupleFilter filter = new ThreeTupleFilter(NIC, HOST);
        try (SwitchRig rig = new SwitchRig(filter, "nic", "host", "s2", "s3", "s4"))
        {
            final Map<Tuple, Integer> model = new HashMap<>();
            for (final Op op : ops)
            {
                apply(filter, model, op);
            }
            for (final Pkt pkt : packets)
            {
                final byte[] frame = frame(pkt);
                final Object expected = expected(model, pkt);
                final long[] dropsBefore = drops(rig, pkt.ingress());
                final int copies = rig.send(pkt.ingress(), frame);
                final int[] counts = rig.drainCounts();
                final int[] wanted = new int[PORTS];
                if (expected instanceof Integer port)
                {
                    wanted[port] = 1;
                }
                assertEquals(java.util.Arrays.toString(wanted), java.util.Arrays.toString(counts), pkt + " delivered");
                assertEquals(expected instanceof Integer ? 1 : 0, copies);
                final long[] dropsAfter = drops(rig, pkt.ingress());
                for (final DropReason reason : DropReason.values())
                {
                    final long delta = dropsAfter[reason.id()] - dropsBefore[reason.id()];
                    assertEquals(reason == expected ? 1 : 0, delta, pkt + " " + reason + " drops");
                }
            }
        }
    }

    private static long[] drops(final SwitchRig rig, final int port)
    {
        final long[] drops = new long[DropReason.count()];
        for (final DropReason reason : DropReason.values())
        {
            drops[reason.id()] = rig.drops(port, reason);
        }
        return drops;
    }

    private static void apply(final ThreeTupleFilter filter, final Map<Tuple, Integer> model, final Op op)
    {
        final Tuple tuple = TUPLES.get(op.tuple());
        final Integer holder = model.get(tuple);
        if (op.reserve())
        {
            if (op.port() == NIC || holder != null)
            {
                assertThrows(IllegalArgumentException.class, () -> filter.reserve(op.port(), tuple));
            }
            else
            {
                filter.reserve(op.port(), tuple);
                model.put(tuple, op.port());
            }
        }
        else if (holder == null || holder != op.port())
        {
            assertThrows(IllegalArgumentException.class, () -> filter.release(op.port(), tuple));
        }
        else
        {
            filter.release(op.port(), tuple);
            model.remove(tuple);
        }
        assertEquals(model.size(), filter.size());
    }

    /** The model: a destination port index, or the DropReason. */
    private static Object expected(final Map<Tuple, Integer> model, final Pkt pkt)
    {
        final boolean fromUplink = pkt.ingress() == NIC;
        switch (pkt.kind())
        {
            case ARP, ICMP:
                return fromUplink ? HOST : NIC;
            case FIRST_FRAGMENT, LATER_FRAGMENT:
                return DropReason.FILTERED;
            case TRUNCATED_L4:
                return DropReason.MALFORMED;
            default:
                break;
        }
        final Integer holder = model.get(TUPLES.get(pkt.tuple()));
        if (fromUplink)
        {
            return holder == null ? HOST : holder;
        }
        if ((holder != null && holder == pkt.ingress()) || (holder == null && pkt.ingress() == HOST))
        {
            return NIC;
        }
        return DropReason.SPOOFED;
    }

    private static byte[] frame(final Pkt pkt)
    {
        if (pkt.kind() == Kind.ARP)
        {
            return FrameBuilder.arp();
        }
        final Tuple local = TUPLES.get(pkt.tuple());
        final String localIp = Tuple.format(local.address());
        final String remoteIp = local.ipv6() ? "2001:db8::99" : "192.0.2.99";
        if (pkt.kind() == Kind.ICMP)
        {
            return pkt.ingress() == NIC ? FrameBuilder.icmp(remoteIp, localIp).build()
                : FrameBuilder.icmp(localIp, remoteIp).build();
        }
        final FrameBuilder builder = pkt.ingress() == NIC
            ? FrameBuilder.of(local.protocol(), remoteIp, pkt.remotePort(), localIp, local.port())
            : FrameBuilder.of(local.protocol(), localIp, local.port(), remoteIp, pkt.remotePort());
        return switch (pkt.kind())
        {
            case FIRST_FRAGMENT -> builder.firstFragment().build();
            case LATER_FRAGMENT -> builder.laterFragment(7).build();
            case TRUNCATED_L4 -> builder.l4Bytes(3).build();
            default -> builder.build();
        };
    }
}
