package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.OvsOfctl;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import net.vswitch.testsupport.Requirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An existing controller framework drives the switch: os-ken ({@code osken-manager}) with an L2 learning app (the
 * logic of os-ken's sample {@code simple_switch_13}, which Debian's package does not ship: test resource
 * {@code channel/l2_learning_13.py}). The switch connects out to it, gets a table-miss flow, the controller learns
 * two hosts from packet-ins, floods, then installs the flows that carry their traffic.
 */
class OsKenTest
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    @TempDir
    Path dir;

    static byte[] frame(final int dst, final int src)
    {
        final byte[] f = OvsOfctlTest.udp(9);
        f[5] = (byte)dst;
        f[11] = (byte)src;
        if (dst == 0xFF)
        {
            for (int i = 0; i < 6; i++)
            {
                f[i] = (byte)0xFF;
            }
        }
        return f;
    }

    private static List<byte[]> received(final VirtualPort port, final long waitMs) throws InterruptedException
    {
        final List<byte[]> frames = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
        while (frames.isEmpty() && System.nanoTime() < deadline)
        {
            port.poll((final MemorySegment m, final long o, final int l) ->
                frames.add(m.asSlice(o, l).toArray(ValueLayout.JAVA_BYTE)), 64);
            Thread.sleep(5);
        }
        return frames;
    }

    @Test
    void shouldBeProgrammedByOsKensLearningSwitch() throws Exception
    {
        Requirements.of("os-ken controller").tool("ovs-ofctl", "openvswitch-common")
            .tool("osken-manager", "python3-os-ken").assumeMet();
        final int port = OvsOfctlTest.freePort();
        final Path log = dir.resolve("osken.log");
        final Path app = dir.resolve("l2_learning_13.py");
        try (java.io.InputStream in = OsKenTest.class.getResourceAsStream("/channel/l2_learning_13.py"))
        {
            Files.write(app, in.readAllBytes());
        }
        final Process osken = new ProcessBuilder("osken-manager", "--ofp-listen-host", "127.0.0.1",
            "--ofp-tcp-listen-port", Integer.toString(port), app.toString()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final OpenFlowLogic logic = new OpenFlowLogic();
        final OpenFlowChannel channel = new OpenFlowChannel(logic, new OpenFlowChannel.Config(List.of(
            ChannelTarget.parse("tcp:127.0.0.1:" + port)), null, 5_000, 100, 1_000));
        logic.attach(channel);
        try (VirtualPort p1 = new VirtualPort("p1", SMALL); VirtualPort p2 = new VirtualPort("p2", SMALL);
            Switch sw = new Switch("sw0", logic))
        {
            sw.attach(p1);
            sw.attach(p2);
            // the controller installs its table-miss flow once it has the features reply
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (logic.counters().get("flows") == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertEquals(1L, logic.counters().get("flows"), Files.readString(log));
            // host 1 broadcasts: packet-in, the controller learns it and floods through packet-out
            p1.send(frame(0xFF, 1));
            assertEquals(1, received(p2, 10_000).size(), "flooded by the controller\n" + Files.readString(log));
            // host 2 answers: learned, and the controller installs the flow to host 1 and sends this one on
            p2.send(frame(1, 2));
            assertEquals(1, received(p1, 10_000).size(), Files.readString(log));
            // host 1 to host 2: now a flow too; afterwards traffic follows the flows without the controller
            p1.send(frame(2, 1));
            assertEquals(1, received(p2, 10_000).size(), Files.readString(log));
            final long packetIns = logic.counters().get("channel_packet_ins_sent");
            for (int i = 0; i < 5; i++)
            {
                assertEquals(1, p1.send(frame(2, 1)), "forwarded by the controller's flow");
                assertEquals(1, p2.send(frame(1, 2)));
            }
            assertEquals(packetIns, logic.counters().get("channel_packet_ins_sent"), "no packet-in once flows exist");
            assertTrue(logic.counters().get("flows") >= 3, "table-miss plus a flow per direction");
        }
        finally
        {
            osken.destroy();
            osken.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
