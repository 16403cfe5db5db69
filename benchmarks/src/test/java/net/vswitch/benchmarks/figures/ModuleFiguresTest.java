package net.vswitch.benchmarks.figures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.vswitch.benchmarks.figures.BenchCommand.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The conntrack and openflow figures' plumbing, once each with the shortest runs: forked points print lines the
 * runner parses into every series, companion figures get their own CSV and PNG, summary.md quotes the targets.
 * Rates are only asserted positive (the machine is shared); hit rates must add up to all the packets.
 */
class ModuleFiguresTest
{
    private static final Settings SHORT = new Settings(true, 200, 200, 2);

    @Test
    void shouldWriteTheConntrackFigureAndItsSecgroupsCompanion(@TempDir final Path out) throws Exception
    {
        assertEquals(0, BenchCommand.execute("--quick", "--only", "conntrack", "--out", out.toString()));
        for (final String name : List.of("10-conntrack", "10b-secgroups"))
        {
            final List<String> rows = Files.readAllLines(out.resolve(name + ".csv"));
            assertEquals(1 + 4 * 2, rows.size(), name + ": 4 series points, 2 repetitions each: " + rows);
            rows.subList(1, rows.size()).forEach(r -> assertTrue(Double.parseDouble(r.split(",")[4]) > 0, r));
            assertTrue(Files.size(out.resolve(name + ".png")) > 1000, name + ".png");
        }
        final String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("conntrack new connections per core (target >= 1 M/s)"), summary);
        assertTrue(summary.contains("secgroups new connections, 10 k groups / 10 rules (target >= 0.90)"), summary);
        assertTrue(summary.contains("ModuleRatePoint mode=secgroups"), summary);
        assertTrue(summary.contains("established: 10 k groups / 10 rules = "), summary);
    }

    @Test
    void shouldMeasureOpenFlowRatesAndCacheTiersAgainstFlows() throws Exception
    {
        final FigureData rates = ModuleFigures.openflow(SHORT);
        for (int x = 1; x <= 1 + ModuleFigures.RULES.size(); x++)
        {
            assertTrue(rates.median(ModuleFigures.PER_CPU, x) > 0, "workload " + x + ": " + rates.table());
            assertTrue(rates.median(ModuleFigures.PER_WALL, x) > 0, "workload " + x + ": " + rates.table());
        }
        assertTrue(rates.notes.get(0).startsWith("slow path: "), rates.notes.toString());
        assertEquals(2, rates.more.size());
        final FigureData hits = rates.more.get(0);
        for (final double flows : List.of(1.0, 10_000.0))
        {
            final double sum = hits.median("EMC", flows) + hits.median("megaflow", flows)
                + hits.median("slow path", flows);
            assertEquals(100, sum, 0.5, flows + " flows: tiers must cover every packet: " + hits.table());
        }
        assertEquals(100, hits.median("EMC", 1), 0.5, "one flow is always an EMC hit: " + hits.table());
        final Map<Double, List<Double>> megaflows = rates.more.get(1).series.get("megaflows installed");
        assertEquals(List.of(1.0), megaflows.get(1.0), "one flow, one megaflow");
    }

    @Test
    void shouldRefuseAnUnknownPointMode()
    {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ModuleRatePoint.main(new String[] {"mode=nope"}));
        assertEquals("unknown mode nope (conntrack, secgroups, openflow-slow, openflow-cached)", e.getMessage());
    }
}
