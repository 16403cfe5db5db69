package net.vswitch.logic.openflow.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import net.vswitch.fabric.Switch;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.logic.openflow.OpenFlowLogic;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;
import org.junit.jupiter.api.Test;

/** Asynchronous messages, roles, the active side and the settings, seen from a hand-driven controller. */
class ChannelEventsTest
{
    private static final byte[] HELLO = CodecTest.hex("04000010000000010001000800000010");

    private static int u16(final byte[] m, final int at)
    {
        return (m[at] & 0xFF) << 8 | m[at + 1] & 0xFF;
    }

    @Test
    void shouldSendPortStatusAndFlowRemovedAndHonourRoles() throws Exception
    {
        final int port = OvsOfctlTest.freePort();
        final OpenFlowLogic logic = new OpenFlowLogic();
        logic.attach(new OpenFlowChannel(logic,
            OpenFlowChannel.Config.of(List.of(ChannelTarget.parse("ptcp:" + port)))));
        try (Switch sw = new Switch("sw0", logic); RawPeer master = new RawPeer(port);
            RawPeer other = new RawPeer(port))
        {
            master.send(HELLO).read();
            other.send(HELLO).read();
            // barrier round trips make sure both connections are negotiated before the port appears
            master.send(CodecTest.hex("0414000800000001"));
            assertNotNull(master.readType(Ofp.BARRIER_REPLY));
            other.send(CodecTest.hex("0414000800000001"));
            assertNotNull(other.readType(Ofp.BARRIER_REPLY));
            try (VirtualPort p = new VirtualPort("p1", new VirtualPortConfig(64, 16, 2048, false)))
            {
                sw.attach(p);
                final byte[] status = master.readType(Ofp.PORT_STATUS);
                assertEquals(0, status[8], "reason ADD");
                assertTrue(new String(status, 32, 16, java.nio.charset.StandardCharsets.US_ASCII).startsWith("p1"));
                sw.detach(p);
                assertEquals(1, master.readType(Ofp.PORT_STATUS)[8], "reason DELETE");
            }

            // flow_mod add with send_flow_rem, then a delete: flow_removed with reason DELETE
            final byte[] add = CodecTest.hex(CodecTest.FLOW_MOD);
            add[45] = 1;
            master.send(add).send(CodecTest.hex("0414000800000002"));
            assertNotNull(master.readType(Ofp.BARRIER_REPLY));
            assertEquals(1, logic.pipeline().state().tables()[0].size());
            master.send(CodecTest.hex("040e003800000003" + "0000000000000000" + "0000000000000000" + "ff03000000000000"
                + "ffffffff" + "ffffffff" + "ffffffff" + "00000000" + "0001000400000000"));
            final byte[] removed = master.readType(Ofp.FLOW_REMOVED);
            assertEquals(2, removed[18], "reason DELETE");
            assertEquals(0, logic.pipeline().state().tables()[0].size());

            // roles: master is master (generation 1), then other (generation 5): master is demoted to slave
            master.send(CodecTest.hex("0418001800000006" + "00000002" + "00000000" + "0000000000000001"));
            assertEquals(2, master.readType(Ofp.ROLE_REPLY)[11]);
            other.send(CodecTest.hex("0418001800000004" + "00000002" + "00000000" + "0000000000000005"));
            final byte[] reply = other.readType(Ofp.ROLE_REPLY);
            assertEquals(2, reply[11]);
            master.send(add);
            final byte[] slave = master.readType(Ofp.ERROR);
            assertEquals(Ofp.BRC_IS_SLAVE, u16(slave, 10));
            master.send(CodecTest.hex("0418001800000005" + "00000002" + "00000000" + "0000000000000004"));
            final byte[] stale = master.readType(Ofp.ERROR);
            assertEquals(Ofp.ET_ROLE_REQUEST_FAILED, u16(stale, 8));
            assertEquals(Ofp.RRFC_STALE, u16(stale, 10));
        }
    }

    @Test
    void shouldConnectOutAndReconnectAfterTheControllerDrops() throws Exception
    {
        try (ServerSocket controller = new ServerSocket(0))
        {
            controller.setSoTimeout(30_000);
            final OpenFlowLogic logic = new OpenFlowLogic();
            logic.attach(new OpenFlowChannel(logic, new OpenFlowChannel.Config(List.of(ChannelTarget.parse(
                "tcp:127.0.0.1:" + controller.getLocalPort())), null, 5_000, 20, 100)));
            try (Switch sw = new Switch("sw0", logic))
            {
                for (int round = 0; round < 2; round++)
                {
                    try (Socket s = controller.accept())
                    {
                        final DataInputStream in = new DataInputStream(s.getInputStream());
                        final byte[] hello = new byte[16];
                        in.readFully(hello);
                        assertEquals(Ofp.HELLO, hello[1]);
                        s.getOutputStream().write(HELLO);
                        s.getOutputStream().write(CodecTest.hex("0405000800000009"));
                        final byte[] features = new byte[32];
                        in.readFully(features);
                        assertEquals(Ofp.FEATURES_REPLY, features[1]);
                    }
                }
                assertTrue(logic.counters().get("channel_connections") >= 2);
            }
        }
    }

    @Test
    void shouldTakeItsTargetsFromTheLogicSettings()
    {
        final LogicProvider provider = ServiceLoader.load(LogicProvider.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("openflow")).findFirst().orElseThrow();
        final LogicSettings.InvalidSetting bad = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider.create(new LogicSettings("openflow", Map.of("controllers", "ptcp:6653,udp:1.2.3.4:6653"))));
        assertEquals("setting 'controllers' of logic openflow: bad OpenFlow target 'udp:1.2.3.4:6653' (expected "
            + "ptcp:PORT[:ADDR] or tcp:HOST:PORT)", bad.getMessage());
        final LogicSettings.InvalidSetting dpid = assertThrows(LogicSettings.InvalidSetting.class,
            () -> provider.create(new LogicSettings("openflow", Map.of("controllers", "ptcp:6653", "datapath-id",
                "xyz"))));
        assertEquals("datapath-id", dpid.key());
        assertEquals(new ChannelTarget(true, "127.0.0.1", 6653), ChannelTarget.parse("ptcp:6653"));
        assertEquals(new ChannelTarget(true, "0.0.0.0", 6633), ChannelTarget.parse("ptcp:6633:0.0.0.0"));
        assertEquals(new ChannelTarget(false, "10.1.2.3", 6653), ChannelTarget.parse("tcp:10.1.2.3:6653"));
    }
}
