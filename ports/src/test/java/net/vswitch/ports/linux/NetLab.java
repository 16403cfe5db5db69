package net.vswitch.ports.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import net.vswitch.fabric.Port;
import net.vswitch.fabric.Switch;
import net.vswitch.testsupport.Requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throw-away Linux network topology for end-to-end tests: network namespaces and veth pairs whose
 * names all start with {@code vsl<id>} (interfaces) or {@code vsl-<id>-} (namespaces), so
 * {@link #close()} can delete everything it made by prefix, also after a failure half-way.
 */
public final class NetLab implements AutoCloseable
{
    private final String id;

    private NetLab(final String id)
    {
        this.id = id;
    }

    /**
     * What a lab test needs: root, network namespaces ({@code ip}), {@code ethtool} (offloads off on
     * every veth), {@code ping} and {@code python3} (the hosts' traffic); add a test's own needs before
     * {@code assumeMet()}.
     */
    public static Requirements requirements(final String what)
    {
        return Requirements.of(what).namespaces().tool("ethtool", "ethtool").tool("ping", "iputils-ping")
            .tool("python3", "python3");
    }

    /** Why this process cannot build topologies and run the hosts' tools, or null when it can. */
    public static String unavailableReason()
    {
        return requirements("Linux network lab").problem();
    }

    public static NetLab create()
    {
        return new NetLab(String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000)));
    }

    public String id()
    {
        return id;
    }

    /** Namespace name for {@code suffix}, e.g. {@code vsl-3f2a-a}. */
    public String ns(final String suffix)
    {
        return "vsl-" + id + "-" + suffix;
    }

    /** Interface name for {@code suffix} (at most 15 characters), e.g. {@code vsl3f2ah0}. */
    public String ifname(final String suffix)
    {
        return "vsl" + id + suffix;
    }

    public void addNamespace(final String ns)
    {
        run("ip", "netns", "add", ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /**
     * A veth pair: {@code hostEnd} stays here (up, no address), {@code nsEnd} moves into {@code ns}
     * with {@code cidr}; checksum/segmentation offloads are switched off on both ends, because a
     * userspace switch forwards frames as they are and veth would otherwise hand it frames with
     * checksums left to "hardware" that never computes them.
     */
    public void addVeth(final String hostEnd, final String nsEnd, final String ns, final String cidr)
    {
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
        run("ip", "link", "set", nsEnd, "netns", ns);
        offloadsOff(null, hostEnd);
        offloadsOff(ns, nsEnd);
        run("ip", "link", "set", hostEnd, "up");
        configure(ns, nsEnd, cidr);
    }

    /** Addresses and raises an interface inside a namespace. */
    public void configure(final String ns, final String dev, final String cidr)
    {
        run("ip", "-n", ns, "addr", "add", cidr, "dev", dev);
        run("ip", "-n", ns, "link", "set", dev, "up");
    }

    public void offloadsOff(final String ns, final String dev)
    {
        final List<String> command = new ArrayList<>();
        if (ns != null)
        {
            command.addAll(List.of("ip", "netns", "exec", ns));
        }
        command.addAll(List.of("ethtool", "-K", dev, "tx", "off", "rx", "off", "gso", "off", "tso", "off",
            "gro", "off"));
        run(command.toArray(String[]::new));
    }

    /** MAC address of {@code dev} in {@code ns}, as a 48-bit number. */
    public long mac(final String ns, final String dev)
    {
        final String text = run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + dev + "/address").trim();
        return Long.parseLong(text.replace(":", ""), 16);
    }

    /** Runs a command inside {@code ns}; returns its exit status (output goes to the result's text). */
    public Result exec(final String ns, final long timeoutSeconds, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return runStatus(timeoutSeconds, full.toArray(String[]::new));
    }

    /** Starts a command inside {@code ns} in the background. */
    public Process start(final String ns, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        try
        {
            return new ProcessBuilder(full).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + full + ": " + ex.getMessage(), ex);
        }
    }

    /** Runs a command; throws with its output when it fails. */
    public static String run(final String... command)
    {
        final Result result = runStatus(60, command);
        if (result.status() != 0)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.status() + "): "
                + result.output());
        }
        return result.output();
    }

    public static Result runStatus(final long timeoutSeconds, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final byte[][] output = new byte[1][];
            final Thread reader = Thread.ofVirtual().start(() ->
            {
                try
                {
                    output[0] = process.getInputStream().readAllBytes();
                }
                catch (final IOException ex)
                {
                    output[0] = new byte[0];
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                reader.join();
                return new Result(-1, "timed out after " + timeoutSeconds + " s: "
                    + new String(output[0], StandardCharsets.UTF_8));
            }
            reader.join();
            return new Result(process.exitValue(), new String(output[0], StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            return new Result(-1, "cannot run " + String.join(" ", command) + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public record Result(int status, String output)
    {
    }

    /** Names of this lab's namespaces and host-side interfaces that still exist. */
    public List<String> leftovers()
    {
        final List<String> found = new ArrayList<>();
        for (final String line : run("ip", "netns", "list").split("\n"))
        {
            final String name = line.split(" ")[0].trim();
            if (name.startsWith("vsl-" + id + "-"))
            {
                found.add(name);
            }
        }
        for (final String line : run("ip", "-o", "link", "show").split("\n"))
        {
            final String[] parts = line.split(":");
            if (parts.length > 1)
            {
                final String name = parts[1].trim().split("@")[0];
                if (name.startsWith("vsl" + id))
                {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /**
     * A test's teardown: closes its switch, then its ports (nulls are skipped: setup may have failed
     * half way), then this lab, and asserts nothing of the lab is left behind.
     */
    public void closeAfter(final Switch sw, final Port... ports)
    {
        try
        {
            if (sw != null)
            {
                sw.close();
            }
            for (final Port port : ports)
            {
                if (port != null)
                {
                    port.close();
                }
            }
        }
        finally
        {
            close();
            assertEquals(List.of(), leftovers(), "namespaces/interfaces left behind");
        }
    }

    /** Deletes every namespace and interface of this lab (their veth peers and TAPs go with them). */
    @Override
    public void close()
    {
        for (final String name : leftovers())
        {
            if (name.startsWith("vsl-"))
            {
                runStatus(30, "ip", "netns", "delete", name);
            }
            else
            {
                runStatus(30, "ip", "link", "delete", name);
            }
        }
    }
}
