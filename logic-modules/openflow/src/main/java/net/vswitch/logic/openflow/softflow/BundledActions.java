package net.vswitch.logic.openflow.softflow;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.CtState;

/** The actions that come with the switch: {@code noop}, {@code counter}, {@code conntrack}. */
public final class BundledActions
{
    private BundledActions()
    {
    }

    /** {@code softflow(noop)}: passes every packet unchanged (SoftFlow's Pipeline D building block). */
    public static final class Noop implements SoftFlowAction, SoftFlowFactory
    {
        @Override
        public String name()
        {
            return "noop";
        }

        @Override
        public SoftFlowAction create(final Map<String, String> settings, final SoftFlowContext context)
        {
            return new Noop();
        }

        @Override
        public void ingress(final Packet[] packets, final int count, final long argument, final boolean[] verdicts)
        {
        }
    }

    /**
     * {@code softflow(counter,N)}: counts packets and bytes in counter N (0..63) and passes them; reported as
     * {@code sf_counter_N_packets} / {@code _bytes} once used.
     */
    public static final class Counter implements SoftFlowAction, SoftFlowFactory
    {
        /** Counters an ARG may name. */
        public static final int SLOTS = 64;

        private final AtomicLongArray packets = new AtomicLongArray(SLOTS);
        private final AtomicLongArray bytes = new AtomicLongArray(SLOTS);

        @Override
        public String name()
        {
            return "counter";
        }

        @Override
        public SoftFlowAction create(final Map<String, String> settings, final SoftFlowContext context)
        {
            return new Counter();
        }

        @Override
        public void ingress(final Packet[] packets, final int count, final long argument, final boolean[] verdicts)
        {
            final int slot = (int)Long.remainderUnsigned(argument, SLOTS);
            for (int i = 0; i < count; i++)
            {
                this.packets.incrementAndGet(slot);
                bytes.addAndGet(slot, packets[i].length());
            }
        }

        @Override
        public Map<String, Long> counters()
        {
            final Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 0; i < SLOTS; i++)
            {
                if (packets.get(i) != 0)
                {
                    m.put(i + "_packets", packets.get(i));
                    m.put(i + "_bytes", bytes.get(i));
                }
            }
            return m;
        }
    }

    /**
     * {@code softflow(conntrack,ARG)}: the paper's firewall action on the switch's connection tracker (zone 0).
     * ARG 1 may create a connection (a NEW packet is committed), ARG 0 lets only existing ones pass. Writes the
     * verdict to sf_metadata: 1 = passes (committed, established or related, and valid), 0 = not; it drops
     * nothing itself, the next stage's flows do ({@code sf_action=conntrack,sf_metadata=0 actions=drop}).
     */
    public static final class Conntrack implements SoftFlowAction, SoftFlowFactory
    {
        private final SoftFlowContext context;

        /** The factory (ServiceLoader's instance). */
        public Conntrack()
        {
            this(null);
        }

        private Conntrack(final SoftFlowContext context)
        {
            this.context = context;
        }

        @Override
        public String name()
        {
            return "conntrack";
        }

        @Override
        public SoftFlowAction create(final Map<String, String> settings, final SoftFlowContext context)
        {
            return new Conntrack(context);
        }

        @Override
        public void ingress(final Packet[] packets, final int count, final long argument, final boolean[] verdicts)
        {
            final ConnectionTracker tracker = context.tracker();
            for (int i = 0; i < count; i++)
            {
                final Packet p = packets[i];
                final int state = argument == 1 ? tracker.commit(p, 0) : tracker.track(p, 0);
                final boolean valid = (state & CtState.TRACKED) != 0 && (state & CtState.INVALID) == 0;
                final boolean known = (state & (CtState.ESTABLISHED | CtState.RELATED)) != 0;
                p.metadata(valid && (known || argument == 1) ? 1 : 0);
            }
        }
    }
}
