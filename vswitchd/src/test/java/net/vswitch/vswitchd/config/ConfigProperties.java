package net.vswitch.vswitchd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.vswitch.vswitchd.logic.LogicRegistry;

/** Whatever unknown key appears on whatever line, the error names that key and that line. */
class ConfigProperties
{
    private static final ConfigLoader LOADER = new ConfigLoader(LogicRegistry.load());

    @Property(tries = 50)
    void unknownTopLevelKeyIsRefusedAtItsLine(@ForAll @AlphaChars @StringLength(min = 1, max = 12) final String key,
        @ForAll @IntRange(min = 0, max = 20) final int commentLines) throws Exception
    {
        Assume.that(!ConfigLoader.TOP_KEYS.contains(key));
        final Path file = Files.createTempFile("vsd-config", ".yaml");
        try
        {
            Files.writeString(file, "# comment\n".repeat(commentLines) + "log-level: info\n" + key + ": 1\n");
            final ConfigException ex = assertThrows(ConfigException.class,
                () -> LOADER.load(RunFlags.none().withConfig(file)));
            assertEquals(file + ":" + (commentLines + 2) + ": unknown key '" + key + "' at the top level (known: ctl,"
                + " metrics, log-level, openflow, dpdk-eal, state, switches)", ex.getMessage());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 50)
    void badMaxPortsIsRefusedWithItsValue(@ForAll @IntRange(min = -1000, max = 0) final int value) throws Exception
    {
        final Path file = Files.createTempFile("vsd-config", ".yaml");
        try
        {
            Files.writeString(file, "switches:\n  - max-ports: " + value + "\n");
            assertEquals(file + ":2: 'max-ports' must be in 1..1048576, got " + value, assertThrows(
                ConfigException.class, () -> LOADER.load(RunFlags.none().withConfig(file))).getMessage());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }
}
