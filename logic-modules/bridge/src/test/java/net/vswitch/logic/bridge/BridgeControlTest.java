package net.vswitch.logic.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import com.fasterxml.jackson.jr.ob.JSON;
import net.vswitch.fabric.Clock;
import net.vswitch.fabric.LogicContext;
import net.vswitch.fabric.Packet;
import net.vswitch.fabric.plugin.LogicProvider;
import org.junit.jupiter.api.Test;

/** The bridge speaks to the daemon only through LogicControl: fdb show (text and JSON) and its counters. */
class BridgeControlTest
{
    private final MemorySegment memory = Arena.ofAuto().allocate(256);
    private final Packet packet = new Packet();

    private static LearningBridge started(final String... portNames)
    {
        final LearningBridge bridge = new LearningBridge(300, 2);
        bridge.start(new LogicContext()
        {
            public String switchName()
            {
                return "br\"0";
            }

            public String[] portNames()
            {
                return portNames;
            }

            public Clock clock()
            {
                return () -> 5_000_000_000L;
            }
        });
        return bridge;
    }

    private void send(final LearningBridge bridge, final long src, final int in)
    {
        final ByteBuffer b = ByteBuffer.allocate(60);
        b.putShort((short)0xFFFF).putInt(0xFFFF_FFFF).putShort((short)(src >>> 32)).putInt((int)src)
            .putShort((short)0x88B5);
        MemorySegment.copy(b.array(), 0, memory, ValueLayout.JAVA_BYTE, 0, 60);
        bridge.lookup(packet.wrap(memory, 0, 60, 256, in), in);
    }

    @Test
    void shouldShowTheTableAsTextSortedByPort()
    {
        final LearningBridge bridge = started("vm1", "vm2");
        send(bridge, 0x0200_0000_0002L, 1);
        send(bridge, 0x0200_0000_0001L, 0);
        assertEquals(Set.of("fdb"), bridge.commands());
        assertEquals("""
            PORT  VLAN  MAC                AGE
            vm1   -     02:00:00:00:00:01    0
            vm2   -     02:00:00:00:00:02    0
            2 of at most 2 entries, aging 300 s
            """, bridge.command("fdb", List.of("show"), false));
    }

    @Test
    void shouldWriteValidJsonWhateverThePortNamesHold() throws Exception
    {
        final String name = "tap\u0001\"x\\\n";
        final LearningBridge bridge = started(name);
        send(bridge, 0x0200_0000_0001L, 0);
        final Object parsed = JSON.std.anyFrom(bridge.command("fdb", List.of("show"), true));
        assertEquals(Map.of("switch", "br\"0", "size", 1, "limit", 2, "aging", 300, "entries",
            List.of(Map.of("port", name, "index", 0, "vlan", -1, "mac", "02:00:00:00:00:01", "age", 0))), parsed);
    }

    @Test
    void shouldExportItsCounters()
    {
        final LearningBridge bridge = started("a", "b", "c");
        send(bridge, 0x0200_0000_0001L, 0);
        send(bridge, 0x0200_0000_0002L, 1);
        send(bridge, 0x0200_0000_0003L, 2); // the table holds 2: refused
        assertEquals(Map.of("fdb_entries", 2L, "fdb_learn_refused", 1L), bridge.counters());
    }

    @Test
    void shouldNameAWrongSubcommand()
    {
        final LearningBridge bridge = started("a");
        assertEquals("unknown fdb subcommand 'flush'; usage: fdb show [--switch NAME] [--json]",
            assertThrows(IllegalArgumentException.class, () -> bridge.command("fdb", List.of("flush"), false))
                .getMessage());
        assertEquals("usage: fdb show [--switch NAME] [--json]",
            assertThrows(IllegalArgumentException.class, () -> bridge.command("fdb", List.of(), false)).getMessage());
    }

    @Test
    void shouldRegisterItsProviderForServiceLoader()
    {
        final LogicProvider provider = ServiceLoader.load(LogicProvider.class).findFirst().orElseThrow();
        assertEquals("bridge", provider.name());
    }
}
