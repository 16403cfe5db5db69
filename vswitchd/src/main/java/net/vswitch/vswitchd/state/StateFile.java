package net.vswitch.vswitchd.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import com.fasterxml.jackson.core.JsonProcessingException;
import net.vswitch.vswitchd.util.Json;

/**
 * The state file's bytes: a header line, then a JSON body.
 *
 * <pre>
 * VSWITCH-STATE 1 &lt;body length in bytes, decimal&gt; &lt;CRC-32C of the body, 8 hex digits&gt;\n
 * {"switches":[...]}\n
 * </pre>
 *
 * The length catches a torn (truncated or extended) file, the checksum a flipped bit; both are checked before
 * the JSON is parsed. A file is replaced whole: written beside as {@code FILE.tmp}, fsynced, renamed over
 * {@code FILE}, then the directory is fsynced, so a crash leaves the old file or the new one, never a mix.
 */
public final class StateFile
{
    /** The header's first word. */
    public static final String MAGIC = "VSWITCH-STATE";
    /** The only file version this build reads and writes. */
    public static final int FILE_VERSION = 1;

    private static final Pattern HEADER = Pattern.compile(MAGIC + " (\\d{1,9}) (\\d{1,10}) ([0-9a-f]{8})");
    private static final int MAX_HEADER = 64;

    private StateFile()
    {
    }

    /** The file's body as a JSON tree, or {@code null} when there is no file. */
    public static Object read(final Path file) throws StateFileException
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new StateFileException(file, 0, "cannot read it: " + ex, ex);
        }
        return parse(file, bytes);
    }

    /** Checks the header, length and checksum, then parses the body. */
    static Object parse(final Path file, final byte[] bytes) throws StateFileException
    {
        int newline = -1;
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++)
        {
            if (bytes[i] == '\n')
            {
                newline = i;
                break;
            }
        }
        if (newline < 0)
        {
            throw new StateFileException(file, 0, bytes.length == 0 ? "the file is empty"
                : "no '" + MAGIC + " VERSION LENGTH CRC' header line", null);
        }
        final String header = new String(bytes, 0, newline, StandardCharsets.US_ASCII);
        if (!header.startsWith(MAGIC + " "))
        {
            throw new StateFileException(file, 0, "no '" + MAGIC + " VERSION LENGTH CRC' header line", null);
        }
        final Matcher matcher = HEADER.matcher(header);
        if (!matcher.matches())
        {
            throw new StateFileException(file, MAGIC.length() + 1, "bad header '" + header + "'", null);
        }
        final int version = Integer.parseInt(matcher.group(1));
        if (version != FILE_VERSION)
        {
            throw new StateFileException(file, MAGIC.length() + 1, "unknown file version " + version + " (this build"
                + " reads version " + FILE_VERSION + ")", null);
        }
        final long length = Long.parseLong(matcher.group(2));
        final int bodyStart = newline + 1;
        final long available = bytes.length - bodyStart;
        if (available != length)
        {
            throw new StateFileException(file, bodyStart + Math.min(available, length), available < length
                ? "torn write: the header says " + length + " body bytes, the file has " + available
                : "the header says " + length + " body bytes, the file has " + available, null);
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, bodyStart, (int)length);
        final String expected = matcher.group(3);
        final String actual = hex(crc.getValue());
        if (!expected.equals(actual))
        {
            throw new StateFileException(file, bodyStart, "checksum mismatch: the header says " + expected
                + ", the body's CRC-32C is " + actual + " (a flipped bit or a torn write)", null);
        }
        try
        {
            return Json.parse(new String(bytes, bodyStart, (int)length, StandardCharsets.UTF_8));
        }
        catch (final IllegalArgumentException ex)
        {
            final long at = ex.getCause() instanceof JsonProcessingException json && json.getLocation() != null
                ? Math.max(0, json.getLocation().getCharOffset()) : 0;
            throw new StateFileException(file, bodyStart + at, ex.getMessage(), ex);
        }
    }

    /** Where the body starts in a file {@link #read} accepted (for errors about its content). */
    static long bodyOffset(final Path file)
    {
        try
        {
            final byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < Math.min(bytes.length, MAX_HEADER); i++)
            {
                if (bytes[i] == '\n')
                {
                    return i + 1;
                }
            }
        }
        catch (final IOException ignored)
        {
            // the offset is only a hint in an error already being reported
        }
        return 0;
    }

    /** The bytes {@link #write} puts in the file for {@code body}. */
    static byte[] encode(final String body)
    {
        final byte[] data = body.getBytes(StandardCharsets.UTF_8);
        final CRC32C crc = new CRC32C();
        crc.update(data);
        final byte[] header = (MAGIC + " " + FILE_VERSION + " " + data.length + " " + hex(crc.getValue()) + "\n")
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] all = new byte[header.length + data.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(data, 0, all, header.length, data.length);
        return all;
    }

    /**
     * Replaces the file atomically and durably (temp file, fsync, rename, fsync of the directory).
     *
     * @throws StateWriteException naming the file and the system's reason; the old file is left as it was
     */
    public static void write(final Path file, final String body) throws StateWriteException
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(encode(body));
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("the file system of " + file + " cannot rename atomically", ex);
            }
            syncDirectory(file);
        }
        catch (final IOException ex)
        {
            deleteQuietly(temp);
            throw new StateWriteException("cannot make the change durable: cannot write the state file " + file
                + ": " + describe(ex), ex);
        }
    }

    private static void syncDirectory(final Path file) throws IOException
    {
        final Path dir = file.toAbsolutePath().getParent();
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private static void deleteQuietly(final Path temp)
    {
        try
        {
            Files.deleteIfExists(temp);
        }
        catch (final IOException ignored)
        {
            // the write already failed; that error is the one worth reporting
        }
    }

    private static String describe(final IOException ex)
    {
        final String reason = ex.getMessage();
        final String name = ex.getClass().getSimpleName().replace("Exception", "");
        if (reason != null && reason.contains("Read-only file system"))
        {
            return "read-only file system";
        }
        if (reason != null && reason.contains("No space left"))
        {
            return "no space left on the device";
        }
        return name.toLowerCase(Locale.ROOT).isEmpty() || reason == null ? ex.toString() : name + ": " + reason;
    }

    private static String hex(final long crc)
    {
        return String.format(Locale.ROOT, "%08x", crc);
    }
}
