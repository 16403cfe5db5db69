package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import net.vswitch.fabric.plugin.ControlJson;
import org.junit.jupiter.api.Test;

/**
 * The filters' durable state ({@link net.vswitch.fabric.plugin.LogicState}): exported by port name, imported
 * into a fresh instance whose ports have other indexes, bad state refused with a message and no change.
 */
class FilterStateTest
{
    @Test
    void shouldMoveReservationsToThePortsNewIndexesAndDropThoseOfGonePorts()
    {
        final ThreeTupleFilter before = new ThreeTupleFilter(0, 1);
        before.start(new TestContext("nic", "host", "old", "web", "db"));
        before.command("reserve", List.of("web", "tcp:10.0.0.1:80"), false);
        before.command("reserve", List.of("db", "udp:10.0.0.2:53"), false);
        before.command("reserve", List.of("old", "tcp:10.0.0.3:22"), false);
        final Object state = before.exportState();
        assertEquals("{\"reservations\":[{\"port\":\"old\",\"tuple\":\"tcp:10.0.0.3:22\"},{\"port\":\"web\",\"tuple\":"
            + "\"tcp:10.0.0.1:80\"},{\"port\":\"db\",\"tuple\":\"udp:10.0.0.2:53\"}]}", ControlJson.write(state));

        final ThreeTupleFilter after = new ThreeTupleFilter(0, 1);
        after.importState(1, state, new String[] {"nic", "host", "web", "db"}); // "old" is gone
        assertEquals(2, after.holder(Tuple.parse("tcp:10.0.0.1:80")));
        assertEquals(3, after.holder(Tuple.parse("udp:10.0.0.2:53")));
        assertEquals(-1, after.holder(Tuple.parse("tcp:10.0.0.3:22")));
        assertTrue(after.mutates("reserve", List.of()));
        assertFalse(after.mutates("reservations", List.of()));
    }

    @Test
    void shouldRefuseAnUnknownVersionOrABadEntryAndKeepWhatItHad()
    {
        final ThreeTupleFilter filter = new ThreeTupleFilter(0, 1);
        filter.reserve(2, Tuple.parse("tcp:10.0.0.1:80"));
        assertEquals("filter3 state version 2 is not supported (this build reads versions 1..1)",
            assertThrows(IllegalArgumentException.class, () -> filter.importState(2, Map.of(), new String[0]))
                .getMessage());
        final Object bad = ControlJson.object("reservations", List.of(ControlJson.object("port", "web", "tuple",
            "tcp:10.0.0.9:80"), ControlJson.object("port", "web")));
        assertEquals("filter3 state entry {port=web} has no text 'tuple'", assertThrows(IllegalArgumentException.class,
            () -> filter.importState(1, bad, new String[] {"nic", "host", "web"})).getMessage());
        assertEquals(1, filter.size());
        assertEquals(2, filter.holder(Tuple.parse("tcp:10.0.0.1:80")));
    }

    @Test
    void shouldRestoreMiddleboxMappingsByPortName()
    {
        final MiddleboxFilter before = new MiddleboxFilter();
        before.start(new TestContext("nic", "ids", "proxy"));
        before.command("map", List.of("tcp", "80", "proxy"), false);
        before.command("map", List.of("udp", "53", "ids"), false);
        final Object state = before.exportState();
        assertEquals("{\"mappings\":[{\"protocol\":\"tcp\",\"port\":80,\"switch_port\":\"proxy\"},{\"protocol\":"
            + "\"udp\",\"port\":53,\"switch_port\":\"ids\"}]}", ControlJson.write(state));

        final MiddleboxFilter after = new MiddleboxFilter();
        after.map(L4Protocol.TCP, 443, 0);
        after.importState(1, state, new String[] {"proxy", "nic"}); // ids is gone, proxy moved to 0
        assertEquals(0, after.mapped(L4Protocol.TCP, 80));
        assertEquals(-1, after.mapped(L4Protocol.UDP, 53));
        assertEquals(-1, after.mapped(L4Protocol.TCP, 443), "import replaces, it does not merge");
    }
}
