package net.vswitch.vswitchd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import net.vswitch.ports.shm.ShmClient;
import net.vswitch.vswitchd.ctl.CtlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secgroups switch killed with SIGKILL and restarted while a probe flow runs through shared-memory ports:
 * a denied flow (UDP to port 9) never arrives, at any moment — the first frames after each restart included —
 * and an allowed one (UDP to port 7) flows again after each restart. Without the state the ports would be in
 * no group and bridged untouched.
 */
class SecgroupsRestartProbeTest
{
    private static final int ROUNDS = 4;
    private static final int ALLOWED = 7;
    private static final int DENIED = 9;

    @TempDir
    Path dir;

    @Test
    void shouldNeverForwardADeniedFlowAcrossRestarts() throws Exception
    {
        final String id = UUID.randomUUID().toString().substring(0, 8);
        final Path a = Path.of("/dev/shm/vsst-" + id + "-a");
        final Path b = Path.of("/dev/shm/vsst-" + id + "-b");
        final Path ctl = dir.resolve("probe.ctl");
        final Path log = dir.resolve("daemon.log");
        final String[] run = {"run", "--ctl", ctl.toString(), "--logic", "secgroups", "--port", "shm:" + a + ",name=a",
            "--port", "shm:" + b + ",name=b"};
        try
        {
            for (int round = 0; round < ROUNDS; round++)
            {
                Files.deleteIfExists(a);
                Files.deleteIfExists(b);
                final Process daemon = new ProcessBuilder(CrashRestartTest.javaCommand(run)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                try
                {
                    if (round == 0)
                    {
                        CrashRestartTest.awaitAnswer(ctl, daemon, log);
                        for (final String words : List.of("secgroup create g", "secgroup rule-add g --direction egress",
                            "secgroup rule-add g --direction ingress --protocol udp --port-range " + ALLOWED,
                            "secgroup member-add g --port a --mac 02:00:00:00:00:01 --ip 10.0.0.1",
                            "secgroup member-add g --port b --mac 02:00:00:00:00:02 --ip 10.0.0.2"))
                        {
                            final CtlClient.Answer answer = CtlClient.call(ctl, words.split(" "));
                            assertTrue(answer.ok(), words + ": " + answer.body());
                        }
                    }
                    try (ShmClient from = attach(a, daemon); ShmClient to = attach(b, daemon))
                    {
                        final int[] received = new int[65536];
                        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5000);
                        while (System.nanoTime() - end < 0 && received[ALLOWED] < 20)
                        {
                            from.send(frame(DENIED), 1, TimeUnit.SECONDS);
                            from.send(frame(ALLOWED), 1, TimeUnit.SECONDS);
                            to.poll((memory, offset, length) -> received[dport(memory, offset)]++, 64, 10,
                                TimeUnit.MILLISECONDS);
                        }
                        assertEquals(0, received[DENIED], "round " + round + ": denied frames arrived");
                        assertTrue(received[ALLOWED] > 0, "round " + round + ": the allowed flow never arrived");
                    }
                }
                finally
                {
                    daemon.destroyForcibly(); // SIGKILL
                    daemon.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
        finally
        {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }

    /** The daemon creates the port file only after the groups are back; attach as soon as it is there. */
    private static ShmClient attach(final Path file, final Process daemon) throws Exception
    {
        final long deadline = System.currentTimeMillis() + 60_000;
        while (true)
        {
            assertTrue(daemon.isAlive(), "daemon exited with " + (daemon.isAlive() ? "" : daemon.exitValue()));
            if (Files.exists(file))
            {
                try
                {
                    return ShmClient.attach(file);
                }
                catch (final RuntimeException notReady)
                {
                    // created but not ready yet
                }
            }
            assertTrue(System.currentTimeMillis() < deadline, "no port file " + file + " within 60 s");
            Thread.sleep(5);
        }
    }

    private static int dport(final MemorySegment memory, final long offset)
    {
        return Short.toUnsignedInt(memory.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN),
            offset + 14 + 20 + 2));
    }

    /** 60 bytes: 02:..:01 / 10.0.0.1 -> 02:..:02 / 10.0.0.2, UDP 5000 -> dport, IPv4 checksum set. */
    static byte[] frame(final int dport)
    {
        final ByteBuffer f = ByteBuffer.allocate(60).order(ByteOrder.BIG_ENDIAN);
        f.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short)0x0800);
        f.put((byte)0x45).put((byte)0).putShort((short)46).putShort((short)0).putShort((short)0x4000)
            .put((byte)64).put((byte)17).putShort((short)0).put(new byte[] {10, 0, 0, 1}).put(new byte[] {10, 0, 0, 2});
        f.putShort((short)5000).putShort((short)dport).putShort((short)26).putShort((short)0);
        int sum = 0;
        for (int i = 14; i < 34; i += 2)
        {
            sum += f.getShort(i) & 0xFFFF;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        f.putShort(24, (short)~sum);
        return f.array();
    }
}
