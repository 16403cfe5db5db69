package net.vswitch.ports.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import net.vswitch.fabric.Port;
import net.vswitch.logic.bridge.LearningBridge;
import net.vswitch.logic.bridge.MacEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hosts (network namespaces with one interface each, in one subnet) whose links meet in a
 * switch under test: what a user would check with ping and a TCP transfer.
 */
public record HostPair(NetLab lab, String nsA, String devA, String ipA, String nsB, String devB, String ipB)
{
    private static final String SERVER = String.join("\n",
        "import socket, sys",
        "s = socket.socket(socket.AF_INET6 if ':' in sys.argv[1] else socket.AF_INET)",
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "s.bind((sys.argv[1], int(sys.argv[2])))",
        "s.listen(1)",
        "s.settimeout(60)",
        "c, _ = s.accept()",
        "with open(sys.argv[3], 'wb') as f:",
        "    while True:",
        "        d = c.recv(65536)",
        "        if not d:",
        "            break",
        "        f.write(d)",
        "c.close()");
    private static final String CLIENT = String.join("\n",
        "import socket, sys, time",
        "deadline = time.time() + 10",
        "while True:",
        "    try:",
        "        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)",
        "        break",
        "    except OSError:",
        "        if time.time() > deadline:",
        "            raise",
        "        time.sleep(0.1)",
        "with open(sys.argv[3], 'rb') as f:",
        "    c.sendall(f.read())",
        "c.shutdown(socket.SHUT_WR)",
        "c.recv(1)",
        "c.close()");

    /** {@code ping -c 3 -W 2} from each host to the other; both must get replies. */
    public void pingBothWays()
    {
        ping(nsA, ipB);
        ping(nsB, ipA);
    }

    public void ping(final String fromNs, final String toIp)
    {
        final NetLab.Result result = lab.exec(fromNs, 30, "ping", "-c", "3", "-W", "2", toIp);
        assertEquals(0, result.status(), "ping " + toIp + " from " + fromNs + ":\n" + result.output());
    }

    /** Sends {@code bytes} random bytes from A to B over TCP; B's copy must be identical. */
    public void tcpTransfer(final int bytes, final Path dir) throws IOException, InterruptedException
    {
        tcpTransfer(bytes, dir, ipB);
    }

    /** Sends {@code bytes} random bytes from A to B's address {@code toIp} (IPv4 or IPv6) over TCP. */
    public void tcpTransfer(final int bytes, final Path dir, final String toIp) throws IOException,
        InterruptedException
    {
        final byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        final Path sent = dir.resolve("sent.bin");
        final Path received = dir.resolve("received.bin");
        Files.write(sent, data);
        final Process server = lab.start(nsB, "python3", "-c", SERVER, toIp, "5201", received.toString());
        try
        {
            final NetLab.Result client = lab.exec(nsA, 60, "python3", "-c", CLIENT, toIp, "5201", sent.toString());
            assertEquals(0, client.status(), "TCP client in " + nsA + ":\n" + client.output());
            if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS))
            {
                throw new AssertionError("TCP server in " + nsB + " did not finish");
            }
            assertEquals(0, server.exitValue(), "TCP server: " + new String(server.getInputStream().readAllBytes()));
        }
        finally
        {
            server.destroyForcibly();
        }
        final byte[] got = Files.readAllBytes(received);
        assertEquals(bytes, got.length, "bytes received");
        assertArrayEquals(data, got, "bytes received differ from bytes sent");
    }

    /** The bridge learnt host A's MAC on {@code portA} and host B's on {@code portB}. */
    public void assertLearnt(final LearningBridge bridge, final Port portA, final Port portB)
    {
        final long macA = lab.mac(nsA, devA);
        final long macB = lab.mac(nsB, devB);
        final List<MacEntry> entries = bridge.entries();
        assertTrue(entries.stream().anyMatch(e -> e.mac() == macA && e.port() == portA.index()),
            "host A's MAC learnt on port A: " + entries);
        assertTrue(entries.stream().anyMatch(e -> e.mac() == macB && e.port() == portB.index()),
            "host B's MAC learnt on port B: " + entries);
    }
}
