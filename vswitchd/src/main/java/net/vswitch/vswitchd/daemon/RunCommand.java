package net.vswitch.vswitchd.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import net.vswitch.vswitchd.config.ConfigException;
import net.vswitch.vswitchd.config.ConfigLoader;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Log;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vswitch run}: the standalone daemon. Runs until SIGTERM/SIGINT (clean shutdown, exit 0);
 * SIGHUP reloads the config file. Exit status 2 for a bad config, 1 when something cannot start.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the vswitch daemon: switch instances from a config file and flags, a control socket",
        "for 'vswitch ctl', optional Prometheus metrics. Stops cleanly on SIGTERM/SIGINT; SIGHUP reloads."})
public final class RunCommand implements Callable<Integer>
{
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_START = 1;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config (see vswitchd/examples/vswitch.yaml)")
    Path config;

    @Option(names = "--port", paramLabel = "SPEC",
        description = "add a port to the first switch: virtual:NAME, shm:PATH, afpacket:IF, tap:IF, "
            + "pcap-in:FILE[,rate=PPS][,loop=N], pcap-out:FILE, dpdk:DEVARGS; ',name=X' renames (repeatable)")
    List<String> ports = new ArrayList<>();

    @Option(names = "--logic", paramLabel = "NAME",
        description = "logic of the first switch: bridge (default), static, hash-ip, filter3, middlebox, openflow, "
            + "secgroups, or a class name")
    String logic;

    @Option(names = "--ctl", paramLabel = "PATH",
        description = "control socket (default: $VSWITCH_CTL, else $XDG_RUNTIME_DIR/vswitch.ctl, else /tmp/vswitch.ctl)")
    Path ctl;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
        description = "serve Prometheus metrics at http://ADDR:PORT/metrics (off by default)")
    String metrics;

    @Option(names = "--openflow", paramLabel = "TARGET",
        description = "OpenFlow ptcp:PORT or tcp:HOST:PORT (repeatable; not available until the OpenFlow module lands)")
    List<String> openflow = new ArrayList<>();

    @Option(names = "--dpdk-eal", paramLabel = "ARGS",
        description = "DPDK EAL arguments for dpdk: ports (default: --no-huge -m 512 --no-pci)")
    String dpdkEal;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "debug, info (default), warn or error")
    String logLevel;

    @Override
    public Integer call()
    {
        final RunFlags flags = new RunFlags(config, ports, logic, ctl, metrics, openflow, dpdkEal, logLevel);
        final LogicRegistry registry = LogicRegistry.load();
        final ConfigLoader loader = new ConfigLoader(registry);
        final Log log = Log.system(Log.Level.INFO);
        final Daemon daemon;
        try
        {
            daemon = Daemon.start(() -> loader.load(flags), registry, log);
        }
        catch (final ConfigException ex)
        {
            System.err.println("vswitch run: " + ex.getMessage());
            return EXIT_CONFIG;
        }
        catch (final DaemonException ex)
        {
            System.err.println("vswitch run: " + ex.getMessage());
            return EXIT_START;
        }
        final CountDownLatch stop = new CountDownLatch(1);
        final Thread hook = new Thread(daemon::close, "vswitch-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final boolean term = Signals.handle("TERM", () -> stopOn("SIGTERM", log, stop));
        final boolean intr = Signals.handle("INT", () -> stopOn("SIGINT", log, stop));
        Signals.handle("HUP", () -> reload(daemon, log));
        if (!term || !intr)
        {
            log.warn("signal_handling_unavailable", "effect", "SIGTERM exits with status 143 after a clean shutdown");
        }
        try
        {
            stop.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        daemon.close();
        return 0;
    }

    private static void stopOn(final String signal, final Log log, final CountDownLatch stop)
    {
        log.info("stopping", "signal", signal);
        stop.countDown();
    }

    private static void reload(final Daemon daemon, final Log log)
    {
        try
        {
            final List<String> changes = daemon.reload();
            log.info("reload_applied", "signal", "SIGHUP", "changes", changes);
        }
        catch (final ConfigException | DaemonException | RuntimeException ex)
        {
            log.error("reload_failed", "signal", "SIGHUP", "error", ex.getMessage());
        }
    }
}
