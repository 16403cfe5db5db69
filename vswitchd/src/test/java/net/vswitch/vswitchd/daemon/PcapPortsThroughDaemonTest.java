package net.vswitch.vswitchd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import net.vswitch.ports.pcap.PcapWriter;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Port kinds other than virtual go through the daemon unchanged: a pcap replay into a pcap sink. */
class PcapPortsThroughDaemonTest
{
    private static final int FRAMES = 5;
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void shouldReplayAPcapFileIntoAnotherThroughTheDaemon() throws Exception
    {
        final Path in = dir.resolve("vsd-in.pcap");
        final Path out = dir.resolve("vsd-out.pcap");
        try (Arena arena = Arena.ofConfined(); PcapWriter writer = new PcapWriter(in, arena))
        {
            final MemorySegment frame = arena.allocate(60);
            frame.copyFrom(MemorySegment.ofArray(TestDaemons.frame(2, 1)));
            for (int i = 0; i < FRAMES; i++)
            {
                writer.write(1_000_000_000L * i, frame, 0, 60);
            }
        }
        final RunFlags flags = RunFlags.none().withLogic("static")
            .withPorts(List.of("pcap-in:" + in + ",loop=1,name=in", "pcap-out:" + out + ",name=out"));
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            final long deadline = System.currentTimeMillis() + WAIT_MS;
            long delivered = 0;
            while (delivered < FRAMES && System.currentTimeMillis() < deadline)
            {
                final CtlClient.Answer stats = CtlClient.call(running.ctl(), "stats", "--json");
                final Map<String, Object> sw = ((List<Map<String, Object>>)((Map<String, Object>)Json.parse(
                    stats.body())).get("switches")).get(0);
                final Map<String, Object> outPort = ((List<Map<String, Object>>)sw.get("ports")).get(1);
                assertEquals("out", outPort.get("name"));
                delivered = (Long)outPort.get("tx_packets");
                Thread.sleep(20);
            }
            assertEquals(FRAMES, delivered, "every replayed frame reaches the sink");
        }
        assertEquals(24 + FRAMES * (16 + 60), Files.size(out), "the sink wrote every frame when it was closed");
        assertTrue(Files.exists(in));
    }
}
