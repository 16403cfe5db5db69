package net.vswitch.logic.basic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import org.junit.jupiter.api.Test;

class BasicLogicTest
{
    private final MemorySegment memory = Arena.ofAuto().allocate(256);
    private final Packet packet = new Packet();

    private Packet frame(final int etherType, final int dstIp, final int in)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        b.putLong(0x0200_0000_0002_0200L).putInt(0x0000_0001).putShort((short)etherType);
        b.put((byte)0x45).put((byte)0).putShort((short)46).putInt(0).put((byte)64).put((byte)17).putShort((short)0);
        b.putInt(0x0A00_0001).putInt(dstIp);
        MemorySegment.copy(b.array(), 0, memory, ValueLayout.JAVA_BYTE, 0, 60);
        return packet.wrap(memory, 0, 60, 256, in);
    }

    private static LogicContext ports(final int count)
    {
        return new LogicContext()
        {
            public String switchName()
            {
                return "t";
            }

            public String[] portNames()
            {
                final String[] names = new String[count];
                for (int i = 0; i < count; i++)
                {
                    names[i] = "p" + i;
                }
                return names;
            }

            public Clock clock()
            {
                return Clock.SYSTEM;
            }
        };
    }

    @Property
    void staticPairsPort2kWith2kPlus1(@ForAll @IntRange(max = 100_000) final int in)
    {
        assertEquals(in ^ 1, new StaticLogic().lookup(frame(0x0800, 0, in), in));
    }

    @Test
    void staticMapSendsListedPortsAndDropsTheRest()
    {
        final SwitchLogic logic = new StaticLogic(new int[] {2, -1, 0});
        assertEquals(2, logic.lookup(frame(0x0800, 0, 0), 0));
        assertEquals(SwitchLogic.DROP, logic.lookup(frame(0x0800, 0, 1), 1), "negative entry drops");
        assertEquals(0, logic.lookup(frame(0x0800, 0, 2), 2));
        assertEquals(SwitchLogic.DROP, logic.lookup(frame(0x0800, 0, 3), 3), "beyond the map drops");
    }

    @Property
    void hashIpSpreadsOverPortsOneToNMinusOne(@ForAll final int dstIp, @ForAll @IntRange(min = 2, max = 64) final int n)
    {
        final HashIpLogic logic = new HashIpLogic();
        logic.start(ports(n));
        assertEquals(1 + Integer.remainderUnsigned(dstIp, n - 1), logic.lookup(frame(0x0800, dstIp, 0), 0));
    }

    @Test
    void hashIpDropsWhatIsNotIpv4AndFollowsAttachAndDetach()
    {
        final HashIpLogic logic = new HashIpLogic();
        logic.start(ports(1));
        assertEquals(SwitchLogic.DROP, logic.lookup(frame(0x0800, 7, 0), 0), "one port: nowhere to spread");
        logic.portAttached(1, "p1");
        logic.portAttached(2, "p2");
        assertEquals(2, logic.lookup(frame(0x0800, 7, 0), 0), "1 + 7 mod 2");
        assertEquals(SwitchLogic.DROP, logic.lookup(frame(0x86DD, 7, 0), 0), "IPv6 EtherType drops");
        logic.portDetached(2);
        assertEquals(1, logic.lookup(frame(0x0800, 7, 0), 0));
    }

    @Test
    void providersAreFoundByNameThroughServiceLoader()
    {
        final Map<String, LogicProvider> providers = ServiceLoader.load(LogicProvider.class).stream()
            .map(ServiceLoader.Provider::get).collect(Collectors.toMap(LogicProvider::name, p -> p));
        assertEquals(Set.of("static", "hash-ip"), providers.keySet());
        assertEquals("static", providers.get("static").create(LogicSettings.empty("static")).name());
        final SwitchLogic mapped = providers.get("static")
            .create(new LogicSettings("static", Map.of("map", "0:3,3:0")));
        assertEquals(3, mapped.lookup(frame(0x0800, 0, 0), 0));
        assertEquals(SwitchLogic.DROP, mapped.lookup(frame(0x0800, 0, 1), 1));
        assertEquals("hash-ip", providers.get("hash-ip").create(LogicSettings.empty("hash-ip")).name());
    }

    @Test
    void staticProviderNamesTheBadPair()
    {
        final LogicProvider provider = new StaticProvider();
        assertEquals("setting 'map' of logic static must list IN:OUT port index pairs separated by commas, got '0-1'",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> provider.create(new LogicSettings("static", Map.of("map", "0-1")))).getMessage());
        assertEquals("setting 'map' of logic static: port indexes must be in 0..1048575, got '0:2000000'",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> provider.create(new LogicSettings("static", Map.of("map", "0:2000000")))).getMessage());
        assertEquals("unknown setting 'x' for logic hash-ip (it takes no settings)",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> new HashIpProvider().create(new LogicSettings("hash-ip", Map.of("x", "1")))).getMessage());
    }
}
