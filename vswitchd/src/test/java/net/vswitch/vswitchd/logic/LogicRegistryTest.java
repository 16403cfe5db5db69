package net.vswitch.vswitchd.logic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import net.vswitch.fabric.logic.HashIpLogic;
import net.vswitch.fabric.logic.StaticLogic;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.filter.MiddleboxFilter;
import net.vswitch.logic.filter.ThreeTupleFilter;
import org.junit.jupiter.api.Test;

class LogicRegistryTest
{
    private final LogicRegistry registry = LogicRegistry.load();

    private static final String KNOWN = "known logics are bridge, filter3, hash-ip, middlebox, static, test-echo"
        + " (openflow, secgroups once their modules are installed), or the fully qualified class name of a"
        + " SwitchLogic on the class path";

    @Test
    void shouldCreateBuiltInsWithSettings()
    {
        final LearningBridge bridge = assertInstanceOf(LearningBridge.class,
            registry.create("bridge", Map.of("aging", "60", "table-limit", "100")));
        assertEquals(60, bridge.agingSeconds());
        assertEquals(100, bridge.limit());
        assertInstanceOf(StaticLogic.class, registry.create("static", Map.of("map", "0:1,1:0")));
        assertInstanceOf(HashIpLogic.class, registry.create("hash-ip", Map.of()));
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
        assertInstanceOf(ThreeTupleFilter.class, registry.create("filter3", Map.of()));
        assertInstanceOf(MiddleboxFilter.class, registry.create("middlebox", Map.of()));
        assertEquals(2, ((ThreeTupleFilter)registry.create("filter3", Map.of("uplink", "2", "default", "0")))
            .uplinkPort());
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
        assertEquals("unknown logic 'brdige'; " + KNOWN, ex.getMessage());
    }

    @Test
    void shouldSayPlannedModuleIsNotInstalled()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> registry.create("openflow", Map.of()));
        assertEquals("logic 'openflow' is not available: its module is not on the class path; " + KNOWN,
            ex.getMessage());
    }

    @Test
    void shouldRefuseClassesThatAreNotLogic()
    {
        assertEquals("logic class java.lang.String does not implement net.vswitch.fabric.SwitchLogic",
            assertThrows(IllegalArgumentException.class, () -> registry.create("java.lang.String", Map.of()))
                .getMessage());
        assertEquals("logic class com.example.Missing not found on the class path; " + KNOWN,
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
