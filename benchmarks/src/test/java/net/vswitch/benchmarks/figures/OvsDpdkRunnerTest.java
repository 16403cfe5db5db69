package net.vswitch.benchmarks.figures;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The OVS column's counter reading, on output shaped like ovs-ofctl 3.1's dump-ports. */
class OvsDpdkRunnerTest
{
    private static final String DUMP = """
        OFPST_PORT reply (xid=0x2): 6 ports
          port LOCAL: rx pkts=0, bytes=0, drop=0, errs=0, frame=0, over=0, crc=0
                   tx pkts=7, bytes=0, drop=7, errs=0, coll=0
          port  1: rx pkts=1000000, bytes=60000000, drop=0, errs=0, frame=?, over=?, crc=?
                   tx pkts=0, bytes=0, drop=0, errs=0, coll=?
          port  2: rx pkts=0, bytes=0, drop=0, errs=0, frame=?, over=?, crc=?
                   tx pkts=400, bytes=24000, drop=0, errs=0, coll=?
          port  3: rx pkts=0, bytes=0, drop=0, errs=0, frame=?, over=?, crc=?
                   tx pkts=30, bytes=1800, drop=0, errs=0, coll=?
          port  4: rx pkts=0, bytes=0, drop=0, errs=0, frame=?, over=?, crc=?
                   tx pkts=2, bytes=120, drop=0, errs=0, coll=?
          port  5: rx pkts=0, bytes=0, drop=0, errs=0, frame=?, over=?, crc=?
                   tx pkts=1, bytes=60, drop=0, errs=0, coll=?
        """;

    @Test
    void shouldSumTheSinksTxAndReadTheSourceRx() throws IOException
    {
        assertArrayEquals(new long[] {1_000_000, 433}, OvsDpdkRunner.parsePorts(DUMP, 4));
    }

    @Test
    void shouldNameTheOutputWhenASinkIsMissing()
    {
        final IOException ex = assertThrows(IOException.class,
            () -> OvsDpdkRunner.parsePorts(DUMP.replace("port  5:", "port 9:"), 4));
        assertTrue(ex.getMessage().startsWith("ovs-ofctl dump-ports not understood (want ports 1..5):\n"),
            ex.getMessage());
    }

    @Test
    void shouldPinThePmdToOneCpuThatExists()
    {
        final long mask = Long.parseUnsignedLong(OvsDpdkRunner.pmdMask().substring(2), 16);
        assertEquals(1, Long.bitCount(mask));
        assertTrue(Long.numberOfTrailingZeros(mask) < Runtime.getRuntime().availableProcessors());
    }
}
