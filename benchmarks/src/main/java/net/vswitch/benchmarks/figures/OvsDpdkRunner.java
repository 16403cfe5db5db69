package net.vswitch.benchmarks.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import net.vswitch.benchmarks.dpdk.OpenFlowWorkloads;
import net.vswitch.benchmarks.dpdk.TraceWriter;

/**
 * Open vSwitch's DPDK datapath on the same devices as vswitch's figure 7 run: {@code net_pcap} replaying
 * the 64 B, 1000-flow trace with {@code infinite_rx=1} into bridge port 1, four {@code net_null} sinks on
 * ports 2..5, one PMD thread. Everything runs from a private directory this class creates and removes:
 * the database, ovsdb-server on a unix socket there, ovs-vswitchd-dpdk (called by its path, so the
 * system's {@code ovs-vswitchd} alternative is left alone) with OVS_RUNDIR/LOGDIR/DBDIR/SYSCONFDIR there.
 * Both daemons are children of this JVM and are stopped on success, failure and Ctrl-C (shutdown hook); the
 * bridge's TAP (OVS keeps it persistent) and EAL's runtime directory go with them.
 * The rate is the delta of the sinks' tx packets, read live with {@code ovs-ofctl dump-ports}.
 */
final class OvsDpdkRunner
{
    static final Path VSWITCHD_DPDK = Path.of("/usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk");
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final int SINKS = 4;
    private static final int FLOWS = 1000;
    private static final int SIZE = 60;
    private static final Pattern PORT = Pattern.compile("port\\s+\"?(\\d+)\"?:\\s*rx pkts=(\\d+).*?tx pkts=(\\d+)",
        Pattern.DOTALL);

    /** One workload's per-run rates (Mpps delivered to the sinks) and what the log should say about it. */
    record Result(List<Double> mpps, List<String> lines)
    {
    }

    private final int seconds;
    private final int runs;
    private final int warmup;
    private final boolean hugePages;
    private final String suffix = Long.toHexString(System.nanoTime() & 0xFFFFL);
    private final String bridge = "vsobr" + suffix;
    private final String filePrefix = "vsoovs" + suffix;
    private final List<String> log = new ArrayList<>();
    private Path dir;
    private Process ovsdb;
    private Process vswitchd;
    private Thread hook;

    /** @param hugePages EAL on 2 MB huge pages ({@code --in-memory}, added by OVS) instead of 4 KB pages */
    OvsDpdkRunner(final int seconds, final int runs, final int warmup, final boolean hugePages)
    {
        this.seconds = seconds;
        this.runs = runs;
        this.warmup = warmup;
        this.hugePages = hugePages;
    }

    /** Why the column cannot be measured here, or null when it can. */
    static String unavailable()
    {
        if (!MachineInfo.command("id", "-u").equals("0"))
        {
            return "Open vSwitch DPDK column skipped: not root (ovs-vswitchd-dpdk needs root for DPDK)";
        }
        if (!Files.isExecutable(VSWITCHD_DPDK) || !Files.isReadable(SCHEMA))
        {
            return "Open vSwitch DPDK column skipped: " + VSWITCHD_DPDK + " not installed "
                + "(apt-get install openvswitch-switch-dpdk)";
        }
        return null;
    }

    /** What this runner did, for summary.md's notes: the commands and the per-run lines. */
    List<String> log()
    {
        return log;
    }

    /**
     * Starts OVS, measures one rule ({@code in_port=1,actions=output:2}), 8 L2 rules ({@code dl_dst} of each
     * sink, and 4 MACs the trace never uses), NORMAL flooding (the sinks send nothing, so their MACs are never
     * learnt), then NORMAL after {@code fdb/add} of the sinks' MACs (unicast by destination MAC, as vswitch's
     * taught bridge), last the two tables of {@link OpenFlowWorkloads#twoTables} through {@code add-flows FILE},
     * and stops everything.
     *
     * @return one rule, 8 L2 rules, NORMAL with known MACs, NORMAL flooding, two tables
     */
    List<Result> measure() throws IOException, InterruptedException
    {
        hook = new Thread(this::stop, "ovs-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            start();
            final List<Result> results = new ArrayList<>();
            flows(OpenFlowWorkloads.oneRule());
            results.add(rate("one rule"));
            flows(OpenFlowWorkloads.l2Rules());
            results.add(rate("8 L2 rules"));
            flows(List.of("actions=NORMAL"));
            // flood to the four sinks only, as vswitch's bridge does, not also into the bridge's own TAP
            ofctl("mod-port", target(), bridge, "no-flood");
            // the sinks send nothing, so their MACs are never learnt: every frame floods
            final Result flood = rate("NORMAL flood");
            for (int k = 0; k < SINKS; k++)
            {
                run("ovs-appctl", "-t", control(), "fdb/add", bridge, "vsosink" + k, "0", OpenFlowWorkloads.mac(TraceWriter.sinkMac(k)));
            }
            results.add(rate("NORMAL known MACs"));
            results.add(flood);
            // goto_table is OpenFlow 1.1+: the bridge must speak 1.3 (1.0 stays for dump-ports)
            vsctl("set", "bridge", bridge, "protocols=OpenFlow10,OpenFlow13");
            flowsFile(OpenFlowWorkloads.twoTables());
            results.add(rate("two tables"));
            return results;
        }
        finally
        {
            stop();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ignored)
            {
                // already shutting down: the hook runs stop() again, which is harmless
            }
        }
    }

    /** Replaces the bridge's flow table with these flows. */
    private void flows(final List<String> flows) throws IOException, InterruptedException
    {
        ofctl("del-flows", target());
        for (final String flow : flows)
        {
            ofctl("add-flow", target(), flow);
        }
    }

    /** Replaces the bridge's flow tables with these flows, through a file and one {@code add-flows}. */
    private void flowsFile(final List<String> flows) throws IOException, InterruptedException
    {
        final Path file = dir.resolve("flows.txt");
        OpenFlowWorkloads.write(file, flows);
        ofctl("-O", "OpenFlow13", "del-flows", target());
        ofctl("-O", "OpenFlow13", "add-flows", target(), file.toString());
    }

    private String control()
    {
        return dir.resolve("ovs-vswitchd.ctl").toString();
    }

    /** The one PMD thread: CPU availableProcessors() - 1 (core 1 of 2 here), apart from OVS's main thread. */
    static String pmdMask()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        return "0x" + Long.toHexString(1L << Math.min(63, cpus - 1));
    }

    private void start() throws IOException, InterruptedException
    {
        dir = Files.createTempDirectory("vso-ovs");
        final Path trace = dir.resolve("trace.pcap");
        TraceWriter.write(trace, FLOWS, SIZE, SINKS);
        final Path db = dir.resolve("conf.db");
        run("ovsdb-tool", "create", db.toString(), SCHEMA.toString());
        ovsdb = daemon("ovsdb-server", List.of("ovsdb-server", db.toString(), "--remote=punix:" + socket(),
            "--pidfile=" + dir.resolve("ovsdb-server.pid"), "--unixctl=" + dir.resolve("ovsdb-server.ctl"),
            "--log-file=" + dir.resolve("ovsdb-server.log"), "--no-chdir", "-vconsole:off"));
        waitFor(socket(), ovsdb, "ovsdb-server");
        // OVS 3.1 adds --in-memory, which EAL refuses with --no-huge, unless --legacy-mem is given (as --no-huge
        // implies anyway); with huge pages --in-memory gives them back when OVS exits; the file prefix keeps
        // EAL's runtime directory apart from other DPDK processes
        final StringBuilder extra = new StringBuilder((hugePages ? "-m 1024" : "--no-huge --legacy-mem -m 1024")
            + " --no-pci --file-prefix=" + filePrefix + " --vdev=net_pcap0,rx_pcap=" + trace + ",infinite_rx=1");
        for (int k = 0; k < SINKS; k++)
        {
            extra.append(" --vdev=net_null").append(k + 1).append(",no-rx=1");
        }
        vsctl("--no-wait", "init");
        vsctl("--no-wait", "set", "Open_vSwitch", ".", "other_config:dpdk-init=true",
            "other_config:dpdk-extra=\"" + extra + "\"", "other_config:pmd-cpu-mask=" + pmdMask());
        vswitchd = daemon("ovs-vswitchd", List.of(VSWITCHD_DPDK.toString(), "unix:" + socket(),
            "--pidfile=" + dir.resolve("ovs-vswitchd.pid"), "--unixctl=" + dir.resolve("ovs-vswitchd.ctl"),
            "--log-file=" + dir.resolve("ovs-vswitchd.log"), "--no-chdir", "-vconsole:off"));
        final List<String> bridgeCommand = new ArrayList<>(List.of("add-br", bridge, "--", "set", "bridge", bridge,
            "datapath_type=netdev"));
        for (int k = 0; k < SINKS; k++)
        {
            bridgeCommand.addAll(List.of("--", "add-port", bridge, "vsosink" + k, "--", "set", "Interface",
                "vsosink" + k, "type=dpdk", "options:dpdk-devargs=net_null" + (k + 1), "ofport_request=" + (k + 2)));
        }
        vsctl(bridgeCommand.toArray(String[]::new));
        // the source last: frames flow from the moment it exists
        vsctl("add-port", bridge, "vsosrc", "--", "set", "Interface", "vsosrc", "type=dpdk",
            "options:dpdk-devargs=net_pcap0", "ofport_request=1");
        for (final String iface : List.of("vsosrc", "vsosink0"))
        {
            final String error = run("ovs-vsctl", "--db=unix:" + socket(), "get", "Interface", iface, "error").trim();
            if (!error.equals("[]"))
            {
                throw new IOException("OVS port " + iface + " failed: " + error + tail("ovs-vswitchd.log"));
            }
        }
    }

    private Result rate(final String workload) throws IOException, InterruptedException
    {
        Thread.sleep(warmup * 1000L);
        final List<Double> mpps = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        long[] before = counters();
        long t0 = System.nanoTime();
        for (int r = 0; r < runs; r++)
        {
            Thread.sleep(seconds * 1000L);
            final long[] after = counters();
            final long t1 = System.nanoTime();
            final double elapsed = (t1 - t0) / 1e9;
            final double delivered = (after[1] - before[1]) / elapsed / 1e6;
            final double received = (after[0] - before[0]) / elapsed / 1e6;
            mpps.add(delivered);
            lines.add(String.format(Locale.ROOT, "ovs %s run %d: %.3f Mpps delivered to the sinks "
                + "(%.3f Mpps received from net_pcap, %.2f s)", workload, r + 1, delivered, received, elapsed));
            before = after;
            t0 = t1;
        }
        log.addAll(lines);
        return new Result(mpps, lines);
    }

    /** {rx packets of the source, tx packets summed over the sinks}, live from the datapath. */
    private long[] counters() throws IOException, InterruptedException
    {
        return parsePorts(run("ovs-ofctl", "dump-ports", target()), SINKS);
    }

    /**
     * Reads {@code ovs-ofctl dump-ports} output: port 1's rx packets and the tx packets of ports 2..1+sinks.
     *
     * @throws IOException when a port is missing, naming what was read
     */
    static long[] parsePorts(final String out, final int sinks) throws IOException
    {
        long rx = 0;
        long tx = 0;
        int seen = 0;
        final Matcher m = PORT.matcher(out);
        while (m.find())
        {
            final int port = Integer.parseInt(m.group(1));
            if (port == 1)
            {
                rx = Long.parseLong(m.group(2));
                seen++;
            }
            else if (port >= 2 && port < 2 + sinks)
            {
                tx += Long.parseLong(m.group(3));
                seen++;
            }
        }
        if (seen != 1 + sinks)
        {
            throw new IOException("ovs-ofctl dump-ports not understood (want ports 1.." + (1 + sinks) + "):\n" + out);
        }
        return new long[] {rx, tx};
    }

    private String target()
    {
        return "unix:" + dir.resolve(bridge + ".mgmt");
    }

    private String socket()
    {
        return dir.resolve("db.sock").toString();
    }

    private void vsctl(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ovs-vsctl", "--db=unix:" + socket(), "--timeout=60"));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private void ofctl(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("ovs-ofctl"));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private Process daemon(final String name, final List<String> command) throws IOException
    {
        log.add("$ " + shown(command));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile());
        environment(builder);
        return builder.start();
    }

    private String run(final String... command) throws IOException, InterruptedException
    {
        if (!command[0].equals("ovs-ofctl") || !command[1].equals("dump-ports"))
        {
            log.add("$ " + shown(List.of(command)));
        }
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        environment(builder);
        final Process p = builder.redirectOutput(dir.resolve("command.out").toFile()).start();
        for (int i = 0; i < 900 && !p.waitFor(100, TimeUnit.MILLISECONDS); i++)
        {
            if (vswitchd != null && !vswitchd.isAlive())
            {
                // ovs-vsctl would wait for a reconfiguration that never comes
                p.destroyForcibly();
                throw new IOException("ovs-vswitchd-dpdk exited (" + vswitchd.exitValue() + ") during "
                    + shown(List.of(command)) + tail("ovs-vswitchd.log"));
            }
        }
        final String out = Files.readString(dir.resolve("command.out"));
        if (p.isAlive() || p.exitValue() != 0)
        {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.trim() + tail("ovs-vswitchd.log"));
        }
        return out;
    }

    /** The command as the log shows it: the private directory as DIR, so the lines are reproducible. */
    private String shown(final List<String> command)
    {
        return String.join(" ", command).replace(dir.toString(), "DIR");
    }

    private void environment(final ProcessBuilder builder)
    {
        for (final String variable : List.of("OVS_RUNDIR", "OVS_LOGDIR", "OVS_DBDIR", "OVS_SYSCONFDIR"))
        {
            builder.environment().put(variable, dir.toString());
        }
    }

    private void waitFor(final String socket, final Process process, final String name)
        throws IOException, InterruptedException
    {
        for (int i = 0; i < 100 && !Files.exists(Path.of(socket)); i++)
        {
            if (!process.isAlive())
            {
                throw new IOException(name + " exited: " + tail(name + ".out"));
            }
            Thread.sleep(100);
        }
        if (!Files.exists(Path.of(socket)))
        {
            throw new IOException(name + " did not create " + socket);
        }
    }

    private String tail(final String file)
    {
        if (dir == null)
        {
            return "";
        }
        try
        {
            final List<String> lines = Files.readAllLines(dir.resolve(file));
            final List<String> last = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            return last.isEmpty() ? "" : "\n  " + file + ": " + String.join("\n  ", last);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /** Stops both daemons (TERM, then KILL after 10 s) and removes the private directory. Idempotent. */
    private synchronized void stop()
    {
        if (vswitchd != null && vswitchd.isAlive())
        {
            try
            {
                // the bridge's internal port is a persistent TAP: deleting the bridge removes it
                vsctl("--if-exists", "del-br", bridge);
            }
            catch (final IOException | InterruptedException ex)
            {
                System.err.println("ovs del-br " + bridge + ": " + ex.getMessage());
            }
        }
        for (final Process process : new Process[] {vswitchd, ovsdb})
        {
            if (process != null && process.isAlive())
            {
                process.destroy();
                try
                {
                    if (!process.waitFor(10, TimeUnit.SECONDS))
                    {
                        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    }
                }
                catch (final InterruptedException ex)
                {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
        deleteLink(bridge);
        remove(Path.of("/var/run/dpdk", filePrefix));
        remove(dir);
    }

    /** Removes the bridge's TAP when ovs-vswitchd could not (it died, or was killed); absent is fine. */
    private static void deleteLink(final String name)
    {
        if (Files.exists(Path.of("/sys/class/net", name)))
        {
            MachineInfo.command("ip", "link", "delete", name);
        }
    }

    private static void remove(final Path dir)
    {
        if (dir != null && Files.exists(dir))
        {
            try (Stream<Path> paths = Files.walk(dir))
            {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(p);
                }
            }
            catch (final IOException ex)
            {
                System.err.println("could not remove " + dir + ": " + ex.getMessage());
            }
        }
    }
}
