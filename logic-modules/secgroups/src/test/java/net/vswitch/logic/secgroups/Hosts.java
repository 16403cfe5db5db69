package net.vswitch.logic.secgroups;

import net.vswitch.fabric.Packet;

/**
 * Test hosts behind switch ports, each with a MAC and an IPv4 address, and TCP/UDP/ICMP conversations
 * between them with consistent sequence numbers (so the tracker's window checks pass).
 */
final class Hosts
{
    private Hosts()
    {
    }

    record Host(int port, String name, long mac, String ip, String ip6)
    {
        static Host of(final int port, final String name, final int id)
        {
            return new Host(port, name, 0x02_0000_0000_00L | id, "10.0.0." + id, "2001:db8::" + Integer.toHexString(id));
        }

        String macText()
        {
            return Mac.format(mac);
        }

        byte[] tcp(final Host to, final int sport, final int dport, final long seq, final long ack, final int flags,
            final int payload)
        {
            return Frames.ipFrame(to.mac, mac, ip, to.ip, Packet.IPPROTO_TCP,
                Frames.tcp(sport, dport, seq, ack, flags, payload));
        }

        byte[] udp(final Host to, final int sport, final int dport)
        {
            return Frames.ipFrame(to.mac, mac, ip, to.ip, Packet.IPPROTO_UDP, Frames.udp(sport, dport, 16));
        }

        byte[] udp6(final Host to, final int sport, final int dport)
        {
            return Frames.ipFrame(to.mac, mac, ip6, to.ip6, Packet.IPPROTO_UDP, Frames.udp(sport, dport, 16));
        }

        byte[] ping(final Host to, final int type, final int id)
        {
            return Frames.ipFrame(to.mac, mac, ip, to.ip, Packet.IPPROTO_ICMP, Frames.icmp(type, 0, id, 1, new byte[8]));
        }
    }

    /** One TCP connection's two ends and their next sequence numbers. */
    static final class Tcp
    {
        final Host client;
        final Host server;
        final int clientPort;
        final int serverPort;
        long clientSeq = 1000;
        long serverSeq = 50_000;

        Tcp(final Host client, final int clientPort, final Host server, final int serverPort)
        {
            this.client = client;
            this.server = server;
            this.clientPort = clientPort;
            this.serverPort = serverPort;
        }

        byte[] syn()
        {
            return client.tcp(server, clientPort, serverPort, clientSeq, 0, Frames.SYN, 0);
        }

        byte[] synAck()
        {
            return server.tcp(client, serverPort, clientPort, serverSeq, clientSeq + 1, Frames.SYN | Frames.ACK, 0);
        }

        byte[] ack()
        {
            clientSeq++;
            serverSeq++;
            return client.tcp(server, clientPort, serverPort, clientSeq, serverSeq, Frames.ACK, 0);
        }

        byte[] clientData(final int bytes)
        {
            final byte[] frame = client.tcp(server, clientPort, serverPort, clientSeq, serverSeq,
                Frames.ACK | Frames.PSH, bytes);
            clientSeq += bytes;
            return frame;
        }

        byte[] serverData(final int bytes)
        {
            final byte[] frame = server.tcp(client, serverPort, clientPort, serverSeq, clientSeq,
                Frames.ACK | Frames.PSH, bytes);
            serverSeq += bytes;
            return frame;
        }
    }
}
