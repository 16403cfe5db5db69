package net.vswitch.vswitchd.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicSettings;
import org.junit.jupiter.api.Test;

class LogicRegistryTest
{
    private final LogicRegistry registry = LogicRegistry.load();

    /** The bundled modules on the daemon's class path (openflow and secgroups add themselves when they land). */
    private static final List<String> BUNDLED = List.of("bridge", "filter3", "hash-ip", "middlebox", "static");

    private final String known = "known logics are " + String.join(", ", registry.names())
        + ", or the fully qualified class name of a SwitchLogic on the class path";

    @Test
    void shouldFindEveryBundledModuleThroughServiceLoaderWithoutNamingIt()
    {
        assertTrue(registry.names().containsAll(BUNDLED), registry.names()::toString);
        for (final String name : BUNDLED)
        {
            final SwitchLogic logic = registry.create(name, Map.of());
            assertEquals(name, logic.name());
            assertTrue(logic.getClass().getName().startsWith("net.vswitch.logic."), logic.getClass().getName());
        }
        assertEquals("bridge", LogicRegistry.DEFAULT_LOGIC);
    }

    @Test
    void shouldSayNoModuleIsThereWhenTheClassPathHasNone()
    {
        final LogicRegistry empty = LogicRegistry.load(new ClassLoader(null)
        {
        });
        assertEquals(List.of(), empty.names());
        assertEquals("unknown logic 'bridge'; known logics are none (no logic module is on the class path), or the"
            + " fully qualified class name of a SwitchLogic on the class path",
            assertThrows(IllegalArgumentException.class, () -> empty.create("bridge", Map.of())).getMessage());
    }

    @Test
    void shouldFindProvidersThroughServiceLoader()
    {
        assertTrue(registry.names().contains("test-echo"));
        assertInstanceOf(EchoLogicProvider.Echo.class, registry.create("test-echo", Map.of("label", "x")));
    }

    @Test
    void shouldFindLogicClassesRegisteredAsServices()
    {
        assertEquals("filter3", registry.create("filter3", Map.of("uplink", "2", "default", "0")).name());
        assertEquals("unknown setting 'uplnk' for logic filter3 (known: uplink, default, table-limit, "
            + "other-from-uplink, other-from-ports)",
            assertThrows(LogicSettings.InvalidSetting.class, () -> registry.create("filter3", Map.of("uplnk", "0")))
                .getMessage());
    }

    @Test
    void shouldLoadUserClassByName()
    {
        assertInstanceOf(UserLogic.class, registry.create(UserLogic.class.getName(), Map.of()));
    }

    @Test
    void shouldNameKnownLogicsForUnknownName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> registry.create("brdige", Map.of()));
        assertEquals("unknown logic 'brdige'; " + known, ex.getMessage());
    }

    @Test
    void shouldRefuseClassesThatAreNotLogic()
    {
        assertEquals("logic class java.lang.String does not implement net.vswitch.fabric.SwitchLogic",
            assertThrows(IllegalArgumentException.class, () -> registry.create("java.lang.String", Map.of()))
                .getMessage());
        assertEquals("logic class com.example.Missing not found on the class path; " + known,
            assertThrows(IllegalArgumentException.class, () -> registry.create("com.example.Missing", Map.of()))
                .getMessage());
    }

    @Test
    void shouldNameTheBadSetting()
    {
        final LogicSettings.InvalidSetting unknown = assertThrows(LogicSettings.InvalidSetting.class,
            () -> registry.create("bridge", Map.of("agin", "3")));
        assertEquals("agin", unknown.key());
        assertEquals("unknown setting 'agin' for logic bridge (known: aging, table-limit)", unknown.getMessage());
        assertEquals("setting 'table-limit' of logic bridge must be an integer, got 'many'",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> registry.create("bridge", Map.of("table-limit", "many"))).getMessage());
        assertEquals("unknown setting 'x' for logic hash-ip (it takes no settings)",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> registry.create("hash-ip", Map.of("x", "1"))).getMessage());
        assertEquals("setting 'map' of logic static must list IN:OUT port index pairs separated by commas, got '0-1'",
            assertThrows(LogicSettings.InvalidSetting.class,
                () -> registry.create("static", Map.of("map", "0-1"))).getMessage());
    }
}
