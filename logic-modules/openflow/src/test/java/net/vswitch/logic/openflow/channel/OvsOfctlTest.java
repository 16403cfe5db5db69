package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.logic.openflow.OvsOfctl;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real client: Open vSwitch's ovs-ofctl programs and reads a switch through the channel. */
class OvsOfctlTest
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    @TempDir
    Path dir;

    private final List<byte[]> injected = new CopyOnWriteArrayList<>();
    private OpenFlowLogic logic;
    private OpenFlowChannel channel;
    private Switch sw;
    private VirtualPort p1;
    private VirtualPort p2;
    private String target;

    static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws Exception
    {
        OvsOfctl.assumeInstalled("ovs-ofctl against the OpenFlow channel");
        final int port = freePort();
        target = "tcp:127.0.0.1:" + port;
        logic = new OpenFlowLogic();
        channel = new OpenFlowChannel(logic, OpenFlowChannel.Config.of(List.of(ChannelTarget.parse("ptcp:" + port))))
            .injector((index, frame) -> injected.add(frame));
        logic.attach(channel);
        sw = new Switch("sw0", logic);
        p1 = new VirtualPort("p1", SMALL);
        p2 = new VirtualPort("p2", SMALL);
        sw.attach(p1);
        sw.attach(p2);
    }

    @AfterEach
    void stop()
    {
        if (sw != null)
        {
            sw.close();
            p1.close();
            p2.close();
        }
    }

    private String ofctl(final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13"));
        cmd.add(args[0]);
        cmd.add(target);
        for (int i = 1; i < args.length; i++)
        {
            cmd.add(args[i]);
        }
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ovs-ofctl " + args[0] + " timed out");
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "ovs-ofctl " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    static byte[] udp(final int dport)
    {
        final byte[] f = new byte[60];
        final byte[] head = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0x08, 0x00, 0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0,
            10, 0, 0, 1, 10, 0, 0, 2, 0x30, 0x39, (byte)(dport >>> 8), (byte)dport, 0, 26, 0, 0};
        System.arraycopy(head, 0, f, 0, head.length);
        int sum = 0;
        for (int i = 14; i < 34; i += 2)
        {
            sum += (f[i] & 0xFF) << 8 | f[i + 1] & 0xFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        final int c = ~sum & 0xFFFF;
        f[24] = (byte)(c >>> 8);
        f[25] = (byte)c;
        return f;
    }

    private static int received(final VirtualPort port)
    {
        final int[] n = {0};
        port.poll((final MemorySegment m, final long offset, final int length) -> n[0]++, Integer.MAX_VALUE);
        return n[0];
    }

    @Test
    void shouldShowTheSwitchAndItsPorts() throws Exception
    {
        final String show = ofctl("show");
        assertTrue(show.contains("OFPT_FEATURES_REPLY (OF1.3)"), show);
        assertTrue(show.contains(String.format("dpid:%016x", channel.datapathId())), show);
        final String ports = ofctl("dump-ports-desc");
        assertTrue(ports.contains(" 1(p1): addr:") && ports.contains(" 2(p2): addr:"), ports);
    }

    @Test
    void shouldDumpTheFlowsAddedAndForwardAsTheySay() throws Exception
    {
        ofctl("add-flow", "priority=100,cookie=0x12,idle_timeout=100,hard_timeout=200,udp,tp_dst=53 actions=output:2");
        final Path flows = dir.resolve("flows.txt");
        Files.writeString(flows, """
            table=0,priority=50,ip,nw_dst=10.0.0.0/24,reg0=0x5/0xff \
            actions=load:0x3->NXM_NX_REG1[0..7],dec_ttl,goto_table:1
            table=1,priority=10,udp \
            actions=move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:10.1.1.1->ip_src,resubmit(,2)
            table=2,priority=0 actions=CONTROLLER:128
            """);
        ofctl("add-flows", flows.toString());
        final String dump = ofctl("dump-flows");
        assertTrue(dump.contains("cookie=0x12, duration="), dump);
        assertTrue(dump.contains("n_packets=0, n_bytes=0, idle_timeout=100, hard_timeout=200, priority=100,udp,"
            + "tp_dst=53 actions=output:2"), dump);
        assertTrue(dump.contains("priority=50,ip,reg0=0x5/0xff,nw_dst=10.0.0.0/24 actions=load:0x3->NXM_NX_REG1[0..7],"
            + "dec_ttl,goto_table:1"), dump);
        assertTrue(dump.contains("table=1, n_packets=0, n_bytes=0, priority=10,udp actions=move:NXM_OF_ETH_SRC[]->"
            + "NXM_OF_ETH_DST[],set_field:10.1.1.1->ip_src,resubmit(,2)"), dump);
        assertTrue(dump.contains("table=2, n_packets=0, n_bytes=0, priority=0 actions=CONTROLLER:128"), dump);

        assertEquals(1, p1.send(udp(53)));
        assertEquals(1, received(p2));
        assertTrue(ofctl("dump-flows", "udp,tp_dst=53").contains("n_packets=1, n_bytes=60,"));
        assertTrue(ofctl("dump-aggregate").contains("packet_count=1 byte_count=60 flow_count=4"));
        assertTrue(ofctl("dump-tables").contains("table 0:"));
        assertTrue(ofctl("dump-ports", "1").contains("rx pkts=1"));

        ofctl("mod-flows", "udp,tp_dst=53 actions=output:1");
        assertTrue(ofctl("dump-flows", "udp,tp_dst=53").contains("n_packets=1, n_bytes=60, idle_timeout=100, "
            + "hard_timeout=200, priority=100,udp,tp_dst=53 actions=output:1"));
        ofctl("del-flows", "udp");
        final String after = ofctl("dump-flows");
        assertTrue(!after.contains("tp_dst=53") && after.contains("priority=50,ip"), after);
    }

    @Test
    void shouldAddAndDumpGroups() throws Exception
    {
        ofctl("add-group",
            "group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2");
        final String groups = ofctl("dump-groups");
        assertTrue(groups.contains("group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,"
            + "actions=output:2"), groups);
    }

    @Test
    void shouldSendPacketOutAndShowPacketInsInMonitor() throws Exception
    {
        ofctl("packet-out", "1", "output:2", "000000000002000000000001080045000014000000004011000000000000"
            + "0000000000");
        assertEquals(1, injected.size(), "one frame out of port 2");
        ofctl("add-flow", "priority=1,udp actions=CONTROLLER:64");
        final Path log = dir.resolve("monitor.txt");
        final Process monitor = new ProcessBuilder("ovs-ofctl", "-O", "OpenFlow13",
            "--unixctl=" + dir.resolve("monitor.ctl"), "monitor", target)
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline)
            {
                if (channel.connectionCount() > 0)
                {
                    p1.send(udp(9));
                }
                Thread.sleep(100);
                seen = Files.readString(log).contains("OFPT_PACKET_IN");
            }
            final String text = Files.readString(log);
            assertTrue(seen, text);
            assertTrue(text.contains("total_len=60 in_port=1") || text.contains("in_port=1"), text);
        }
        finally
        {
            monitor.destroy();
            monitor.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
