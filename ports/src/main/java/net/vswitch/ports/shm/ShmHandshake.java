package net.vswitch.ports.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The messages on a shared-memory port's Unix socket ({@code SOCK_SEQPACKET} at the port's path).
 * A client connects and sends a hello; the switch answers with a reply that either carries the
 * port's sealed memfd ({@code SCM_RIGHTS}) or refuses with a reason. The connection then stays open
 * for as long as the client holds the port: it is the client's claim (a second client is refused
 * while it is open) and each side's way to see that the other is gone (end of file).
 *
 * <pre>
 * hello (client to switch), 16 bytes:
 *   0  magic 'VSPC' (0x43505356)   4  layout version the client speaks (2)   8  reserved (0, 8 bytes)
 * reply (switch to client), 24 bytes + reason:
 *   0  magic 'VSPR' (0x52505356)   4  layout version the switch speaks (2)
 *   8  status: 0 = accepted (the memfd is attached), 1 = refused
 *  12  reserved (0)               16  region length in bytes (long)
 *  24  refused only: the reason, UTF-8, up to 256 bytes
 * </pre>
 */
final class ShmHandshake
{
    static final int HELLO_MAGIC = 0x43505356; // "VSPC" little-endian
    static final int REPLY_MAGIC = 0x52505356; // "VSPR" little-endian
    static final int HELLO_LENGTH = 16;
    static final int REPLY_HEADER_LENGTH = 24;
    static final int REASON_MAX = 256;
    static final int ACCEPTED = 0;
    static final int REFUSED = 1;

    private ShmHandshake()
    {
    }

    static byte[] hello(final int version)
    {
        return ByteBuffer.allocate(HELLO_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(HELLO_MAGIC).putInt(version)
            .putLong(0).array();
    }

    /** The version a hello asks for, or -1 when the message is not a hello. */
    static int helloVersion(final byte[] message, final int length)
    {
        if (length != HELLO_LENGTH)
        {
            return -1;
        }
        final ByteBuffer hello = ByteBuffer.wrap(message, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        return hello.getInt(0) == HELLO_MAGIC ? hello.getInt(4) : -1;
    }

    static byte[] accepted(final long regionLength)
    {
        return reply(ACCEPTED, regionLength, "");
    }

    static byte[] refused(final String reason)
    {
        return reply(REFUSED, 0, reason);
    }

    private static byte[] reply(final int status, final long regionLength, final String reason)
    {
        final byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        final int length = Math.min(text.length, REASON_MAX);
        return ByteBuffer.allocate(REPLY_HEADER_LENGTH + length).order(ByteOrder.LITTLE_ENDIAN).putInt(REPLY_MAGIC)
            .putInt(ShmPortDescriptor.VERSION).putInt(status).putInt(0).putLong(regionLength).put(text, 0, length)
            .array();
    }
}
