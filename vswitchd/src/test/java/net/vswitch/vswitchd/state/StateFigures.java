package net.vswitch.vswitchd.state;

import static net.vswitch.fabric.plugin.ControlJson.object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.daemon.TestDaemons;
import net.vswitch.vswitchd.util.Json;

/**
 * The state store's figures (a benchmark main, not a test): acknowledged changes per second with an fsync per
 * change (one client, and four clients at once), and the time from start to forwarding with 10 k stored filter
 * reservations. Run from the repo root after {@code mvn -pl vswitchd -am test-compile}:
 * {@code java -cp "$(cat vswitchd/target/test-classpath.txt)" net.vswitch.vswitchd.state.StateFigures [DIR]}
 * (see {@code docs/state.md} for how to get the class path). DIR is where state files go (default: a temp dir;
 * give a directory on the disk you care about: tmpfs makes fsync free).
 */
public final class StateFigures
{
    private static final int ROUNDS = 5;
    private static final int CHANGES = 200;
    private static final int STORED = 10_000;

    private StateFigures()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path base = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
            : Files.createTempDirectory("state-figures");
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cpus, load "
            + Files.readString(Path.of("/proc/loadavg")).strip() + ", java " + Runtime.version() + ", dir " + base);
        final double[] one = new double[ROUNDS];
        final double[] four = new double[ROUNDS];
        final double[] startEmpty = new double[ROUNDS];
        final double[] startStored = new double[ROUNDS];
        final double[] changeStored = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++)
        {
            one[round] = changesPerSecond(Files.createTempDirectory(base, "one"), 1);
            four[round] = changesPerSecond(Files.createTempDirectory(base, "four"), 4);
            final Path empty = Files.createTempDirectory(base, "empty");
            startEmpty[round] = startMillis(empty, null);
            final Path stored = Files.createTempDirectory(base, "stored");
            writeReservations(stored.resolve("vsd.state"), STORED);
            startStored[round] = startMillis(stored, stored);
            changeStored[round] = lastChangeMillis;
        }
        report("acknowledged changes/s, fsync per change, 1 client", one, "/s");
        report("acknowledged changes/s, fsync per change, 4 clients", four, "/s");
        report("start to forwarding, no stored state", startEmpty, " ms");
        report("start to forwarding, " + STORED + " stored reservations", startStored, " ms");
        report("one change with " + STORED + " stored reservations (rewrites the file)", changeStored, " ms");
    }

    private static double lastChangeMillis;

    private static double changesPerSecond(final Path dir, final int clients) throws Exception
    {
        final RunFlags flags = RunFlags.none().withLogic("filter3")
            .withPorts(List.of("virtual:up", "virtual:host", "virtual:web"));
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            final AtomicInteger failures = new AtomicInteger();
            final List<Thread> threads = new ArrayList<>();
            final long start = System.nanoTime();
            for (int c = 0; c < clients; c++)
            {
                final int client = c;
                final Thread thread = new Thread(() ->
                {
                    for (int i = 0; i < CHANGES / clients; i++)
                    {
                        try
                        {
                            if (!CtlClient.call(running.ctl(), "reserve", "web", "tcp:10." + client + "." + i / 256 + "."
                                + i % 256 + ":80").ok())
                            {
                                failures.incrementAndGet();
                            }
                        }
                        catch (final java.io.IOException ex)
                        {
                            failures.incrementAndGet();
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            if (failures.get() > 0)
            {
                throw new IllegalStateException(failures.get() + " changes failed");
            }
            return (CHANGES / clients * clients) / seconds;
        }
    }

    /** Daemon.start returns once every port is attached, i.e. forwarding, after the state is imported. */
    private static double startMillis(final Path dir, final Path stored) throws Exception
    {
        final RunFlags flags = RunFlags.none().withLogic("filter3")
            .withPorts(List.of("virtual:up", "virtual:host", "virtual:web"));
        final long start = System.nanoTime();
        try (TestDaemons.Running running = TestDaemons.start(dir, flags))
        {
            final double millis = (System.nanoTime() - start) / 1e6;
            if (stored != null)
            {
                final Map<?, ?> answer = (Map<?, ?>)Json.parse(CtlClient.call(running.ctl(), "reservations", "--json")
                    .body());
                final int restored = ((List<?>)answer.get("reservations")).size();
                if (restored != STORED)
                {
                    throw new IllegalStateException("restored " + restored + " of " + STORED);
                }
                final long change = System.nanoTime();
                if (!CtlClient.call(running.ctl(), "reserve", "web", "udp:10.9.9.9:53").ok())
                {
                    throw new IllegalStateException("change refused");
                }
                lastChangeMillis = (System.nanoTime() - change) / 1e6;
            }
            return millis;
        }
    }

    private static void writeReservations(final Path file, final int count) throws Exception
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            rows.add(object("port", "web", "tuple", "tcp:10.1." + i / 256 + "." + i % 256 + ":80"));
        }
        final Map<String, Object> module = object("format", "filter3", "version", 1, "state",
            object("reservations", rows));
        final Map<String, Object> sw = object("name", "br0", "logic", null, "settings", null, "ports", List.of(
            object("name", "up", "spec", "virtual:up", "origin", "config"),
            object("name", "host", "spec", "virtual:host", "origin", "config"),
            object("name", "web", "spec", "virtual:web", "origin", "config")), "deleted_config_ports", List.of(),
            "module", module);
        StateFile.write(file, Json.write(object("switches", List.of(sw))) + "\n");
    }

    private static void report(final String what, final double[] values, final String unit)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.printf("%-75s median %10.1f%s  (min %.1f, max %.1f, %d runs)%n", what, sorted[sorted.length / 2],
            unit, sorted[0], sorted[sorted.length - 1], sorted.length);
    }
}
