package net.vswitch.vswitchd.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file's framing: what is written reads back; a torn, flipped or foreign file is refused with its offset. */
class StateFileTest
{
    private static final Path FILE = Path.of("/var/lib/vswitch/test.state");
    private static final String BODY = "{\"switches\":[{\"name\":\"br0\",\"ports\":[],\"deleted_config_ports\":[]}]}\n";

    @TempDir
    Path dir;

    @Test
    void shouldReadBackWhatWasWrittenAndLeaveNoTempFile() throws Exception
    {
        final Path file = dir.resolve("s.state");
        assertNull(StateFile.read(file), "no file: no state");
        StateFile.write(file, BODY);
        assertEquals(Map.of("switches", List.of(Map.of("name", "br0", "ports", List.of(), "deleted_config_ports",
            List.of()))), StateFile.read(file));
        assertEquals(List.of(file), Files.list(dir).toList());
    }

    @Test
    void shouldReportATruncatedFileWithTheOffsetWhereItEnds()
    {
        final byte[] whole = StateFile.encode(BODY);
        final byte[] torn = Arrays.copyOf(whole, whole.length - 10);
        final StateFileException ex = assertThrows(StateFileException.class, () -> StateFile.parse(FILE, torn));
        final int header = whole.length - BODY.length();
        assertEquals(torn.length, ex.offset());
        assertEquals("state file " + FILE + " at offset " + torn.length + ": torn write: the header says "
            + BODY.length() + " body bytes, the file has " + (BODY.length() - 10) + "; refusing to start without the"
            + " state it holds (start with --discard-state to move it aside and start from the config alone)",
            ex.getMessage());
        assertEquals(header + BODY.length() - 10, ex.offset());
    }

    @Test
    void shouldReportAnUnknownVersion()
    {
        final byte[] bytes = new String(StateFile.encode(BODY), StandardCharsets.US_ASCII)
            .replaceFirst("VSWITCH-STATE 1 ", "VSWITCH-STATE 7 ").getBytes(StandardCharsets.US_ASCII);
        final StateFileException ex = assertThrows(StateFileException.class, () -> StateFile.parse(FILE, bytes));
        assertEquals(14, ex.offset());
        assertEquals(true, ex.getMessage().contains("unknown file version 7 (this build reads version 1)"),
            ex.getMessage());
    }

    @Test
    void shouldReportAFileThatIsNotAStateFile()
    {
        final StateFileException empty = assertThrows(StateFileException.class,
            () -> StateFile.parse(FILE, new byte[0]));
        assertEquals("state file " + FILE + " at offset 0: the file is empty; refusing to start without the state it"
            + " holds (start with --discard-state to move it aside and start from the config alone)",
            empty.getMessage());
        final StateFileException yaml = assertThrows(StateFileException.class,
            () -> StateFile.parse(FILE, "switches:\n  - name: br0\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(0, yaml.offset());
    }

    /** Every single flipped bit anywhere in the file is caught (header or body) before anything is believed. */
    @Property(tries = 300)
    void shouldRefuseAnyFlippedBit(@ForAll @IntRange(min = 0, max = 10_000) final int where,
        @ForAll @IntRange(min = 0, max = 7) final int bit)
    {
        final byte[] bytes = StateFile.encode(BODY);
        final int at = where % bytes.length;
        bytes[at] ^= (byte)(1 << bit);
        assertThrows(StateFileException.class, () -> StateFile.parse(FILE, bytes));
    }

    /** Any truncation is caught and its offset is where the bytes end (or the header, when that is cut). */
    @Property(tries = 200)
    void shouldRefuseAnyTruncation(@ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final byte[] whole = StateFile.encode(BODY);
        final int length = cut % whole.length;
        final StateFileException ex = assertThrows(StateFileException.class,
            () -> StateFile.parse(FILE, Arrays.copyOf(whole, length)));
        final int header = whole.length - BODY.length();
        assertEquals(length >= header ? length : 0, ex.offset());
    }
}
