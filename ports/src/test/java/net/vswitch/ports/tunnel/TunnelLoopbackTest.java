package net.vswitch.ports.tunnel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.testsupport.Requirements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two switches in one JVM, each a virtual port and a tunnel port, the underlay being loopback
 * (127.0.0.1 and 127.0.0.2): frames cross encapsulated both ways, and hostile datagrams sent at a
 * tunnel socket are dropped, counted by reason, and the port keeps working.
 */
class TunnelLoopbackTest
{
    private Switch swA;
    private Switch swB;
    private VirtualPort vmA;
    private VirtualPort vmB;
    private TunnelPort tunA;
    private TunnelPort tunB;
    private int udpPort;

    @BeforeAll
    static void requireRoot()
    {
        Requirements.of("tunnel ports over loopback (raw send socket needs CAP_NET_RAW)").root().assumeMet();
    }

    private void start(final PortSpec.TunnelProtocol protocol)
    {
        udpPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        final PortFactory factory = new PortFactory();
        swA = new Switch("tun-a", new StaticLogic());
        swB = new Switch("tun-b", new StaticLogic());
        vmA = new VirtualPort("vmA");
        vmB = new VirtualPort("vmB");
        tunA = (TunnelPort)factory.create(PortSpec.parse(protocol.label() + ":127.0.0.2,vni=42,local=127.0.0.1,dstport="
            + udpPort + ",name=tunA"));
        tunB = (TunnelPort)factory.create(PortSpec.parse(protocol.label() + ":127.0.0.1,vni=42,local=127.0.0.2,dstport="
            + udpPort + ",name=tunB"));
        swA.attach(vmA);
        swA.attach(tunA);
        swB.attach(vmB);
        swB.attach(tunB);
    }

    @AfterEach
    void tearDown()
    {
        close(swA, vmA, tunA);
        close(swB, vmB, tunB);
    }

    private static void close(final Switch sw, final VirtualPort vm, final TunnelPort tun)
    {
        if (sw != null)
        {
            sw.close();
        }
        if (vm != null)
        {
            vm.close();
        }
        if (tun != null)
        {
            tun.close();
        }
    }

    private static byte[] frame(final int seq)
    {
        final byte[] frame = new byte[100];
        frame[0] = 0x02;
        frame[5] = 0x0B;
        frame[6] = 0x02;
        frame[11] = 0x0A;
        frame[12] = 0x08;
        frame[14] = 0x45;
        frame[23] = 17;
        frame[40] = (byte)seq;
        return frame;
    }

    private static int receive(final VirtualPort port, final int expected, final byte marker)
    {
        final PacketBatch batch = new PacketBatch(64);
        int got = 0;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got < expected && System.nanoTime() < deadline)
        {
            final int n = port.receive(batch, 100, TimeUnit.MILLISECONDS);
            for (int i = 0; i < n; i++)
            {
                assertEquals(100, batch.packet(i).length());
                assertEquals(marker, (byte)batch.packet(i).u8(40));
            }
            got += n;
            port.release();
        }
        return got;
    }

    @ParameterizedTest
    @EnumSource(PortSpec.TunnelProtocol.class)
    void shouldCarryFramesBothWays(final PortSpec.TunnelProtocol protocol)
    {
        start(protocol);
        for (int i = 0; i < 50; i++)
        {
            assertEquals(1, vmA.send(frame(7)));
        }
        assertEquals(50, receive(vmB, 50, (byte)7));
        for (int i = 0; i < 20; i++)
        {
            assertEquals(1, vmB.send(frame(9)));
        }
        assertEquals(20, receive(vmA, 20, (byte)9));
        // a port's counters move after its batch is forwarded: a frame can arrive a moment before them
        assertEquals(50, settled(tunA::encapsulated, 50));
        assertEquals(50, settled(tunB::decapsulated, 50));
        assertEquals(20, settled(tunA::decapsulated, 20));
        assertEquals(0, tunB.counters().totalDrops());
    }

    /** The counter's value once it reached {@code expected}, or after 10 s whatever it is then. */
    private static long settled(final java.util.function.LongSupplier counter, final long expected)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter.getAsLong() < expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
        return counter.getAsLong();
    }

    @Test
    void shouldDropHostileDatagramsCountThemAndStayUp() throws Exception
    {
        start(PortSpec.TunnelProtocol.VXLAN);
        final InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), udpPort);
        try (DatagramSocket fromB = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0));
            DatagramSocket stranger = new DatagramSocket(new InetSocketAddress("127.0.0.3", 0)))
        {
            final byte[] good = new byte[8 + 100];
            good[0] = 0x08;
            good[6] = 42;
            System.arraycopy(frame(3), 0, good, 8, 100);
            final byte[] wrongVni = good.clone();
            wrongVni[6] = 43;
            final byte[] reserved = good.clone();
            reserved[0] = 0x09;
            final byte[] truncated = new byte[5];
            truncated[0] = 0x08;
            fromB.send(new DatagramPacket(wrongVni, wrongVni.length, target));
            fromB.send(new DatagramPacket(reserved, reserved.length, target));
            fromB.send(new DatagramPacket(truncated, truncated.length, target));
            fromB.send(new DatagramPacket(new byte[0], 0, target));
            stranger.send(new DatagramPacket(good, good.length, target));
            awaitAtLeast(() -> tunA.counters().drops(DropReason.TUNNEL_UNKNOWN_REMOTE), 1);
            awaitAtLeast(() -> tunA.counters().drops(DropReason.TUNNEL_BAD_HEADER), 3);
            assertEquals(1, tunA.counters().drops(DropReason.TUNNEL_UNKNOWN_VNI));
            assertEquals(3, tunA.counters().drops(DropReason.TUNNEL_BAD_HEADER));
            fromB.send(new DatagramPacket(good, good.length, target));
            assertEquals(1, receive(vmA, 1, (byte)3));
            // the forwarder counts after delivery: wait for it, then check rx == forwarded + drops
            awaitAtLeast(() -> tunA.counters().forwarded(), 1);
            assertEquals(6, tunA.counters().rxPackets());
            assertEquals(tunA.counters().rxPackets(), tunA.counters().forwarded() + tunA.counters().ingressDrops());
        }
    }

    @Test
    void shouldDropGeneveWithUnknownCriticalOptionsOrOverrunningOptions() throws Exception
    {
        start(PortSpec.TunnelProtocol.GENEVE);
        final InetSocketAddress target = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), udpPort);
        try (DatagramSocket fromB = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0)))
        {
            // Opt Len 1 word: one option, class 0x0102, type 0x85 (critical), no data
            final byte[] critical = new byte[12 + 100];
            critical[0] = 0x01;
            critical[1] = 0x40;
            critical[2] = 0x65;
            critical[3] = 0x58;
            critical[6] = 42;
            critical[8] = 0x01;
            critical[9] = 0x02;
            critical[10] = (byte)0x85;
            System.arraycopy(frame(4), 0, critical, 12, 100);
            final byte[] overrun = critical.clone();
            overrun[1] = 0;
            overrun[10] = 0x05;
            overrun[11] = 0x1F;
            final byte[] fine = overrun.clone();
            fine[11] = 0;
            fromB.send(new DatagramPacket(critical, critical.length, target));
            fromB.send(new DatagramPacket(overrun, overrun.length, target));
            awaitAtLeast(() -> tunA.counters().drops(DropReason.TUNNEL_CRITICAL_OPTION), 1);
            awaitAtLeast(() -> tunA.counters().drops(DropReason.TUNNEL_BAD_HEADER), 1);
            fromB.send(new DatagramPacket(fine, fine.length, target));
            assertEquals(1, receive(vmA, 1, (byte)4));
        }
    }

    @Test
    void shouldDropFramesTheUnderlayMtuCannotCarry()
    {
        udpPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        swA = new Switch("tun-mtu", new StaticLogic());
        vmA = new VirtualPort("vmA");
        tunA = TunnelPort.open((PortSpec.Tunnel)PortSpec.parse("vxlan:127.0.0.2,local=127.0.0.1,mtu=576,dstport="
            + udpPort));
        swA.attach(vmA);
        swA.attach(tunA);
        vmA.send(new byte[600]);
        vmA.send(frame(1));
        awaitAtLeast(() -> tunA.counters().drops(DropReason.TUNNEL_MTU), 1);
        awaitAtLeast(tunA::encapsulated, 1);
        assertEquals(1, tunA.counters().drops(DropReason.TUNNEL_MTU));
    }

    @Test
    void shouldRefuseAnotherProtocolOnTheSameSocket()
    {
        udpPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        tunA = TunnelPort.open((PortSpec.Tunnel)PortSpec.parse("vxlan:127.0.0.2,local=127.0.0.1,dstport=" + udpPort));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> TunnelPort.open(
            (PortSpec.Tunnel)PortSpec.parse("geneve:127.0.0.3,local=127.0.0.1,dstport=" + udpPort)));
        assertEquals("UDP port " + udpPort + " on 127.0.0.1 already carries vxlan tunnels; a geneve port needs"
            + " another dstport", ex.getMessage());
    }

    private static void awaitAtLeast(final LongSupplier value, final long expected)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (value.getAsLong() < expected && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertTrue(value.getAsLong() >= expected, "expected at least " + expected + ", got " + value.getAsLong());
    }
}
