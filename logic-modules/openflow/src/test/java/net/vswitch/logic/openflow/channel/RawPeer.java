package net.vswitch.logic.openflow.channel;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;

/** A hand-driven OpenFlow peer for bad-input tests: sends raw bytes, reads whole messages. */
final class RawPeer implements AutoCloseable
{
    private final Socket socket;
    private final DataInputStream in;

    RawPeer(final int port) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        in = new DataInputStream(socket.getInputStream());
    }

    RawPeer send(final byte[] bytes) throws IOException
    {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** The next whole message, or null at end of stream. */
    byte[] read() throws IOException
    {
        final byte[] header = new byte[8];
        try
        {
            in.readFully(header);
        }
        catch (final EOFException ex)
        {
            return null;
        }
        final int length = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
        final byte[] m = Arrays.copyOf(header, length);
        in.readFully(m, 8, length - 8);
        return m;
    }

    /** Reads messages until one of {@code type} arrives (null at end of stream). */
    byte[] readType(final int type) throws IOException
    {
        byte[] m;
        do
        {
            m = read();
        }
        while (m != null && (m[1] & 0xFF) != type);
        return m;
    }

    /** Whether the switch closes the connection within the socket timeout (messages before it are skipped). */
    boolean closedBySwitch() throws IOException
    {
        try
        {
            while (read() != null)
            {
                // skip what is still queued
            }
            return true;
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
