package net.vswitch.benchmarks.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.logic.openflow.OpenFlowProvider;
import net.vswitch.ports.virtual.VirtualPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DPDK figure's OpenFlow tables, loaded as vswitch's {@code flows=FILE} on a switch numbered as the figure
 * numbers it (source 1, sinks 2..5): the trace's frames arrive at the sinks each workload says.
 */
class OpenFlowWorkloadsTest
{
    private static final long WAIT_MS = 30_000;
    private static final int FRAMES = 40;

    @TempDir
    Path dir;

    @Test
    void shouldSendEveryTraceFrameToTheFirstSinkByOneRule() throws Exception
    {
        final List<Integer> want = List.of(FRAMES, 0, 0, 0);
        assertEquals(want, delivered(OpenFlowWorkloads.oneRule(), first(), want));
    }

    @Test
    void shouldSpreadTheTraceOverTheSinksByMacWithEightL2Rules() throws Exception
    {
        assertEquals(8, OpenFlowWorkloads.l2Rules().size());
        final List<Integer> want = List.of(FRAMES / 4, FRAMES / 4, FRAMES / 4, FRAMES / 4);
        assertEquals(want, delivered(OpenFlowWorkloads.l2Rules(), first(), want));
    }

    @Test
    void shouldForwardTheTraceThroughTwoTablesOf500Rules() throws Exception
    {
        final List<String> flows = OpenFlowWorkloads.twoTables();
        assertEquals(1000, flows.size());
        assertEquals(500, flows.stream().filter(f -> f.startsWith("table=1,ip,nw_dst=")).count());
        // flow f goes to 10.0.(f/256).(f%256): 10 flows from each of 10.0.0.0/24 .. 10.0.3.0/24, out to ports 2..5
        final int[] ids = new int[FRAMES];
        for (int i = 0; i < FRAMES; i++)
        {
            ids[i] = i % 4 * 256 + i / 4;
        }
        final List<Integer> want = List.of(FRAMES / 4, FRAMES / 4, FRAMES / 4, FRAMES / 4);
        assertEquals(want, delivered(flows, ids, want));
    }

    private static int[] first()
    {
        return java.util.stream.IntStream.range(0, FRAMES).toArray();
    }

    /** Sends the trace's frames of these flows in, and counts what each sink gets while waiting for {@code want}. */
    private List<Integer> delivered(final List<String> flows, final int[] ids, final List<Integer> want)
        throws Exception
    {
        final Path file = dir.resolve("flows.txt");
        OpenFlowWorkloads.write(file, flows);
        final VirtualPort src = new VirtualPort("src");
        final List<VirtualPort> sinks = new ArrayList<>();
        for (int k = 0; k < OpenFlowWorkloads.SINKS; k++)
        {
            sinks.add(new VirtualPort("sink" + k));
        }
        try (Switch sw = new Switch("t", new OpenFlowProvider().create(new LogicSettings("openflow",
            Map.of("flows", file.toString())))))
        {
            final List<VirtualPort> ports = new ArrayList<>();
            ports.add(src);
            ports.addAll(sinks);
            sw.attachAll(ports);
            for (final int id : ids)
            {
                src.send(TraceWriter.frame(id, 60, OpenFlowWorkloads.SINKS));
            }
            final List<Integer> got = new ArrayList<>();
            for (int k = 0; k < sinks.size(); k++)
            {
                got.add(receive(sinks.get(k), want.get(k)));
            }
            return got;
        }
        finally
        {
            src.close();
            sinks.forEach(VirtualPort::close);
        }
    }

    /** Waits for {@code want} frames (a short while for a sink that should get none), counting any more. */
    private static int receive(final VirtualPort port, final int want) throws InterruptedException
    {
        final PacketBatch batch = new PacketBatch(64);
        final long deadline = System.currentTimeMillis() + (want == 0 ? 200 : WAIT_MS);
        int got = 0;
        while ((got < want || want == 0) && System.currentTimeMillis() < deadline)
        {
            final int n = port.receive(batch, 50, TimeUnit.MILLISECONDS);
            if (n > 0)
            {
                port.release();
            }
            got += n;
        }
        return got;
    }
}
