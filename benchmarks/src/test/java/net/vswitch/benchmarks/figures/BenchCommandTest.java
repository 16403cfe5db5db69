package net.vswitch.benchmarks.figures;

import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void shouldRefuseAnUnknownFigureByName()
    {
        assertEquals(2, BenchCommand.execute("--only", "nope"));
    }
}
