package net.vswitch.examples.softflow;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.softflow.SoftFlowAction;
import net.vswitch.logic.openflow.softflow.SoftFlowContext;
import net.vswitch.logic.openflow.softflow.SoftFlowFactory;

/**
 * A SoftFlow action of one's own: {@code softflow(sampler,N)} marks one packet in N with sf_metadata=1 (the others
 * 0), so the next stage can send the samples to a monitor port. Found by the openflow logic through
 * {@code META-INF/services/net.vswitch.logic.openflow.softflow.SoftFlowFactory}; flows then say:
 *
 * <pre>
 * priority=10,sf_stage=0,ip actions=softflow(sampler,100)
 * priority=10,sf_stage=1,sf_action=sampler,sf_metadata=1 actions=output:2,output:9
 * priority=10,sf_stage=1,sf_action=sampler,sf_metadata=0 actions=output:2
 * </pre>
 */
public final class SamplerAction implements SoftFlowAction, SoftFlowFactory
{
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong sampled = new AtomicLong();

    @Override
    public String name()
    {
        return "sampler";
    }

    @Override
    public SoftFlowAction create(final Map<String, String> settings, final SoftFlowContext context)
    {
        return new SamplerAction();
    }

    @Override
    public void ingress(final Packet[] packets, final int count, final long argument, final boolean[] verdicts)
    {
        final long every = Math.max(1, argument);
        for (int i = 0; i < count; i++)
        {
            final boolean sample = seen.getAndIncrement() % every == 0;
            packets[i].metadata(sample ? 1 : 0);
            if (sample)
            {
                sampled.incrementAndGet();
            }
        }
    }

    @Override
    public Map<String, Long> counters()
    {
        return Map.of("seen", seen.get(), "sampled", sampled.get());
    }
}
