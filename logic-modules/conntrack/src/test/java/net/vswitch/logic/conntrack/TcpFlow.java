package net.vswitch.logic.conntrack;

/**
 * Both ends of one TCP connection for tests: remembers each side's next sequence number so segments are
 * in order and acknowledge everything the other side sent.
 */
final class TcpFlow
{
    static final int WINDOW = 65535;

    final String client;
    final int clientPort;
    final String server;
    final int serverPort;
    int clientSeq = 1000;
    int serverSeq = 50_000;
    byte[] clientOptions = new byte[0];
    byte[] serverOptions = new byte[0];
    int window = WINDOW;

    TcpFlow(final String client, final int clientPort, final String server, final int serverPort)
    {
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
    }

    byte[] syn()
    {
        return fromClient(Frames.SYN, 0, clientOptions);
    }

    byte[] synAck()
    {
        return fromServer(Frames.SYN | Frames.ACK, 0, serverOptions);
    }

    byte[] clientData(final int bytes)
    {
        return fromClient(Frames.ACK | (bytes > 0 ? Frames.PSH : 0), bytes);
    }

    byte[] serverData(final int bytes)
    {
        return fromServer(Frames.ACK | (bytes > 0 ? Frames.PSH : 0), bytes);
    }

    byte[] clientFin()
    {
        return fromClient(Frames.FIN | Frames.ACK, 0);
    }

    byte[] serverFin()
    {
        return fromServer(Frames.FIN | Frames.ACK, 0);
    }

    /** A client segment of {@code flags} whose sequence number is off by {@code offset}; consumes nothing. */
    byte[] clientAt(final int flags, final int offset, final int bytes)
    {
        return Frames.tcp(client, clientPort, server, serverPort, flags, clientSeq + offset, serverSeq, window, bytes);
    }

    byte[] serverAt(final int flags, final int offset, final int bytes)
    {
        return Frames.tcp(server, serverPort, client, clientPort, flags, serverSeq + offset, clientSeq, window, bytes);
    }

    byte[] fromClient(final int flags, final int bytes, final byte... options)
    {
        final int ack = (flags & Frames.ACK) != 0 ? serverSeq : 0;
        final byte[] frame = Frames.tcp(client, clientPort, server, serverPort, flags, clientSeq, ack, window, bytes,
            options);
        clientSeq += bytes + ((flags & (Frames.SYN | Frames.FIN)) != 0 ? 1 : 0);
        return frame;
    }

    byte[] fromServer(final int flags, final int bytes, final byte... options)
    {
        final byte[] frame = Frames.tcp(server, serverPort, client, clientPort, flags, serverSeq, clientSeq, window,
            bytes, options);
        serverSeq += bytes + ((flags & (Frames.SYN | Frames.FIN)) != 0 ? 1 : 0);
        return frame;
    }
}
