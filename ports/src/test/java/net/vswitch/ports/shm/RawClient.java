package net.vswitch.ports.shm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import net.vswitch.natives.libc.SysSocket;
import net.vswitch.natives.libc.SysUnixSocket;
import net.vswitch.natives.libc.Unistd;

/** Speaks the handshake by hand, to see what the switch answers a client that gets it wrong. */
final class RawClient
{
    private RawClient()
    {
    }

    /**
     * Sends a hello for {@code version} (negative: 5 bytes that are no hello) and returns the reason
     * the switch refused it; fails if the switch accepted.
     */
    static String refusal(final Path path, final int version)
    {
        final int fd = SysSocket.socket(SysUnixSocket.AF_UNIX, SysUnixSocket.SOCK_SEQPACKET, 0);
        try
        {
            if (SysUnixSocket.connectOrErrno(fd, path.toString()) < 0)
            {
                throw new AssertionError("cannot connect to " + path);
            }
            final byte[] hello = version < 0 ? "hello".getBytes(StandardCharsets.US_ASCII)
                : ShmHandshake.hello(version);
            SysUnixSocket.sendOrErrno(fd, hello, -1);
            final byte[] reply = new byte[512];
            final SysUnixSocket.Received got = SysUnixSocket.receive(fd, reply, 0);
            if (got.fd() >= 0)
            {
                Unistd.closeOrErrno(got.fd());
            }
            final ByteBuffer header = ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN);
            if (got.length() < ShmHandshake.REPLY_HEADER_LENGTH || header.getInt(8) != ShmHandshake.REFUSED)
            {
                throw new AssertionError("not refused: " + got);
            }
            return new String(reply, ShmHandshake.REPLY_HEADER_LENGTH, got.length() - ShmHandshake.REPLY_HEADER_LENGTH,
                StandardCharsets.UTF_8);
        }
        finally
        {
            Unistd.closeOrErrno(fd);
        }
    }
}
