package net.vswitch.logic.openflow;

/**
 * Both ends of one IPv4 TCP connection for ct() tests: each side's next sequence number, so segments are in
 * order and acknowledge what the other side sent (the tracker checks windows).
 */
final class TcpConversation
{
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int ACK = 0x10;

    private static final int L3 = 14;
    private static final int L4 = 34;

    private final String client;
    private final int clientPort;
    private final String server;
    private final int serverPort;
    private int clientSeq = 1000;
    private int serverSeq = 70_000;

    TcpConversation(final String client, final int clientPort, final String server, final int serverPort)
    {
        this.client = client;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
    }

    byte[] syn()
    {
        return fromClient(SYN);
    }

    byte[] synAck()
    {
        return fromServer(SYN | ACK);
    }

    byte[] clientAck()
    {
        return fromClient(ACK);
    }

    byte[] serverAck()
    {
        return fromServer(ACK);
    }

    byte[] fromClient(final int flags)
    {
        final byte[] f = segment(client, clientPort, server, serverPort, flags, clientSeq,
            (flags & ACK) != 0 ? serverSeq : 0);
        clientSeq += (flags & (SYN | FIN)) != 0 ? 1 : 0;
        return f;
    }

    byte[] fromServer(final int flags)
    {
        final byte[] f = segment(server, serverPort, client, clientPort, flags, serverSeq, clientSeq);
        serverSeq += (flags & (SYN | FIN)) != 0 ? 1 : 0;
        return f;
    }

    /** An IPv4 TCP segment with no payload and the given sequence numbers, checksums right. */
    static byte[] segment(final String src, final int sport, final String dst, final int dport, final int flags,
        final int seq, final int ack)
    {
        final byte[] f = Frames.tcp(src, sport, dst, dport).tcpFlags(flags).build();
        putInt(f, L4 + 4, seq);
        putInt(f, L4 + 8, ack);
        Frames.putShort(f, L4 + 14, 0xFFFF);
        Frames.putShort(f, L4 + 16, 0);
        Frames.putShort(f, L4 + 16, Frames.l4Checksum(f, L3, L4, L4 + 20));
        return f;
    }

    private static void putInt(final byte[] b, final int at, final int v)
    {
        Frames.putShort(b, at, v >>> 16);
        Frames.putShort(b, at + 2, v & 0xFFFF);
    }
}
