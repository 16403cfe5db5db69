package net.vswitch.logic.filter;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import com.fasterxml.jackson.jr.ob.JSON;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.ports.virtual.VirtualPort;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The daemon's view of the filters: providers by name, settings errors, ctl commands. */
class FilterControlTest
{
    private static LogicProvider provider(final String name)
    {
        return ServiceLoader.load(LogicProvider.class).stream().map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldBuildFromSettingsAndRefuseBadOnesByName()
    {
        final ThreeTupleFilter filter = (ThreeTupleFilter)provider("filter3").create(
            new LogicSettings("filter3", Map.of("uplink", "2", "default", "3", "other-from-uplink", "drop")));
        assertEquals(2, filter.uplinkPort());
        assertEquals(OtherTraffic.DROP, filter.otherFromUplink());
        assertEquals("setting 'other-from-ports' of logic filter3 must be forward, flood or drop, got 'maybe'",
            assertThrows(IllegalArgumentException.class, () -> provider("filter3").create(
                new LogicSettings("filter3", Map.of("other-from-ports", "maybe")))).getMessage());
        assertInstanceOf(MiddleboxFilter.class, provider("middlebox").create(LogicSettings.empty("middlebox")));
    }

    @Test
    void shouldReserveReleaseAndMapThroughCtlCommands()
    {
        final ThreeTupleFilter filter = new ThreeTupleFilter(0, 1);
        try (Switch sw = new Switch("sw0", filter); VirtualPort nic = new VirtualPort("nic");
             VirtualPort host = new VirtualPort("host"); VirtualPort stack = new VirtualPort("stack-a"))
        {
            sw.attach(nic);
            sw.attach(host);
            sw.attach(stack);
            assertEquals("reserved tcp:10.0.0.1:80 -> port 2 (stack-a)",
                filter.command("reserve", List.of("stack-a", "tcp:10.0.0.1:80"), false));
            assertTrue(filter.command("reservations", List.of(), true).contains("\"port_name\":\"stack-a\""));
            final IllegalArgumentException clash = assertThrows(IllegalArgumentException.class,
                () -> filter.command("reserve", List.of("1", "tcp:10.0.0.1:80"), false));
            assertTrue(clash.getMessage().contains("already reserved by port 2 (stack-a)"), clash.getMessage());
            assertEquals("released tcp:10.0.0.1:80", filter.command("release", List.of("2", "tcp:10.0.0.1:80"), false));
            assertEquals("usage: reserve PORT PROTO:ADDRESS:PORT (e.g. tcp:10.0.0.1:80)",
                assertThrows(IllegalArgumentException.class, () -> filter.command("reserve", List.of(), false))
                    .getMessage());

            final MiddleboxFilter middlebox = new MiddleboxFilter();
            sw.logic(middlebox);
            assertEquals("mapped tcp port 80 to switch port stack-a",
                middlebox.command("map", List.of("tcp", "80", "stack-a"), false));
            assertEquals(2, middlebox.mapped(L4Protocol.TCP, 80));
            assertEquals("transport port must be in 0..65535: 70000",
                assertThrows(IllegalArgumentException.class,
                    () -> middlebox.command("map", List.of("udp", "70000", "1"), false)).getMessage());
            sw.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldAnswerValidJsonWhenAPortNameHoldsControlCharacters() throws Exception
    {
        final String name = "stack\u0007\"a\\\n";
        final ThreeTupleFilter filter = new ThreeTupleFilter(0, 1);
        try (Switch sw = new Switch("sw0", filter); VirtualPort nic = new VirtualPort("nic");
             VirtualPort host = new VirtualPort("host"); VirtualPort stack = new VirtualPort(name))
        {
            sw.attach(nic);
            sw.attach(host);
            sw.attach(stack);
            filter.command("reserve", List.of("2", "udp:10.0.0.1:53"), false);
            final Map<String, Object> reservations = (Map<String, Object>)JSON.std.anyFrom(
                filter.command("reservations", List.of(), true));
            assertEquals(List.of(Map.of("tuple", "udp:10.0.0.1:53", "port", 2, "port_name", name)),
                reservations.get("reservations"));
            assertEquals(Map.of("released", "udp:10.0.0.1:53"),
                JSON.std.anyFrom(filter.command("release", List.of("2", "udp:10.0.0.1:53"), true)));

            final MiddleboxFilter middlebox = new MiddleboxFilter();
            sw.logic(middlebox);
            assertEquals(Map.of("mapped", "tcp 80"),
                JSON.std.anyFrom(middlebox.command("map", List.of("tcp", "80", "2"), true)));
            assertEquals(Map.of("mappings", List.of(Map.of("protocol", "tcp", "port", 80, "switch_port", 2))),
                JSON.std.anyFrom(middlebox.command("mappings", List.of(), true)));
            sw.close();
        }
    }
}
