package net.vswitch.benchmarks.figures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** Keeps the figure plumbing from rotting: one cheap figure, quick mode, end to end. */
class BenchCommandTest
{
    @Test
    void shouldWriteCsvPngAndSummaryForOneFigure(@TempDir final Path out) throws Exception
    {
        assertEquals(0, BenchCommand.execute("--quick", "--only", "idle-ports", "--out", out.toString()));
        final String csv = Files.readString(out.resolve("3-idle-ports.csv"));
        assertTrue(csv.startsWith("figure,series,x,repetition,value,unit\n"), csv);
        assertEquals(1 + 2 * 2, csv.lines().count(), "two points, two repetitions each: " + csv);
        assertTrue(Files.size(out.resolve("3-idle-ports.png")) > 1000);
        final String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("## Machine"), summary);
        assertTrue(summary.contains("1000 idle ports / none"), summary);
        assertTrue(summary.contains("PointMain mode=fabric idle=1000"), summary);
    }

    /**
     * The data path allocates nothing per packet (DESIGN §6), measured as the figure does: JMH's GC
     * profiler on every bundled module. JMH's own per-iteration bookkeeping, spread over the packets of
     * an iteration, stays far below the 0.5 B bound even on a slow machine; one object per batch of 256
     * would already cost 0.06 B, one per packet 16 B.
     */
    @Test
    void shouldMeasureNoAllocationPerForwardedPacket(@TempDir final Path out) throws Exception
    {
        assertEquals(0, BenchCommand.execute("--quick", "--only", "alloc", "--out", out.toString()));
        final List<String> rows = Files.readAllLines(out.resolve("9-alloc.csv"));
        assertEquals(1 + AllocFigure.LOGICS.size() * 2, rows.size(), "two iterations per module: " + rows);
        for (final String row : rows.subList(1, rows.size()))
        {
            final String[] cells = row.split(",");
            final String module = AllocFigure.LOGICS.get((int)Double.parseDouble(cells[2]) - 1);
            assertTrue(Double.parseDouble(cells[4]) < 0.5, module + " allocates " + cells[4] + " B per packet");
        }
        final String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("ModuleCostBenchmark -p logic=middlebox -prof gc"), summary);
        assertTrue(summary.contains("B per forwarded packet"), summary);
    }

    @Test
    void shouldRefuseAnUnknownFigureByName()
    {
        assertEquals(2, BenchCommand.execute("--only", "nope"));
    }
}
