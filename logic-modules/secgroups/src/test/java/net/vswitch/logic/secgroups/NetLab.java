package net.vswitch.logic.secgroups;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away network namespaces and veth pairs for the end-to-end test, all named from a random lab id
 * ({@code vsg<id>...} interfaces, {@code vsg-<id>-...} namespaces) so {@link #close()} removes everything it
 * made, also after a failure half-way. A trimmed copy of the {@code ports} module's test lab (test classes
 * are not shared between modules).
 */
final class NetLab implements AutoCloseable
{
    private final String id = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));

    /** Why this process cannot build topologies, or {@code null}. */
    static String unavailableReason()
    {
        if (!"root".equals(System.getProperty("user.name")))
        {
            return "needs root (network namespaces, veth, AF_PACKET); running as " + System.getProperty("user.name");
        }
        for (final String tool : List.of("ip", "ethtool", "python3", "iperf3"))
        {
            if (runStatus(10, "sh", "-c", "command -v " + tool).status() != 0)
            {
                return "no '" + tool + "' on the PATH (install " + (tool.equals("ip") ? "iproute2" : tool) + ")";
            }
        }
        return null;
    }

    String ns(final String suffix)
    {
        return "vsg-" + id + "-" + suffix;
    }

    String ifname(final String suffix)
    {
        return "vsg" + id + suffix;
    }

    void addNamespace(final String ns)
    {
        run("ip", "netns", "add", ns);
        run("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** A veth pair with one end in {@code ns} holding {@code cidr}; offloads off on both ends. */
    void addVeth(final String hostEnd, final String nsEnd, final String ns, final String cidr)
    {
        run("ip", "link", "add", hostEnd, "type", "veth", "peer", "name", nsEnd);
        run("ip", "link", "set", nsEnd, "netns", ns);
        // a userspace switch forwards frames as they are: no checksum or segmentation left to "hardware"
        run("ethtool", "-K", hostEnd, "tx", "off", "rx", "off", "gso", "off", "tso", "off", "gro", "off");
        run("ip", "netns", "exec", ns, "ethtool", "-K", nsEnd, "tx", "off", "rx", "off", "gso", "off", "tso", "off",
            "gro", "off");
        run("ip", "link", "set", hostEnd, "up");
        run("ip", "-n", ns, "addr", "add", cidr, "dev", nsEnd);
        run("ip", "-n", ns, "link", "set", nsEnd, "up");
    }

    String mac(final String ns, final String dev)
    {
        return run("ip", "netns", "exec", ns, "cat", "/sys/class/net/" + dev + "/address").trim();
    }

    Result exec(final String ns, final long timeoutSeconds, final String... command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(command));
        return runStatus(timeoutSeconds, full.toArray(String[]::new));
    }

    Process start(final String ns, final String... command)
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

    static String run(final String... command)
    {
        final Result result = runStatus(60, command);
        if (result.status() != 0)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.status() + "): "
                + result.output());
        }
        return result.output();
    }

    static Result runStatus(final long timeoutSeconds, final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final byte[][] output = {new byte[0]};
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

    record Result(int status, String output)
    {
    }

    /** This lab's namespaces and host-side interfaces that still exist. */
    List<String> leftovers()
    {
        final List<String> found = new ArrayList<>();
        for (final String line : run("ip", "netns", "list").split("\n"))
        {
            final String name = line.split(" ")[0].trim();
            if (name.startsWith("vsg-" + id + "-"))
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
                if (name.startsWith("vsg" + id))
                {
                    found.add(name);
                }
            }
        }
        return found;
    }

    @Override
    public void close()
    {
        for (final String name : leftovers())
        {
            if (name.startsWith("vsg-"))
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
