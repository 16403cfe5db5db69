package net.vswitch.vswitchd.state;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import net.vswitch.vswitchd.ctl.CtlClient;
import net.vswitch.vswitchd.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vswitch run} as a real process, killed with SIGKILL at random moments while several clients change
 * it (ports added and removed, filter reservations made, calls the switch refuses). After every restart the
 * switch holds exactly what was answered ok: nothing acknowledged is lost, nothing refused appears, and a
 * change in flight at the kill is either wholly there or wholly absent. The state file is never corrupt: every
 * restart starts.
 */
class CrashRestartTest
{
    private static final long START_TIMEOUT_MS = 60_000;
    private static final long BUDGET_MS = 45_000;
    private static final int MAX_ROUNDS = 36;
    private static final int CLIENTS = 3;

    /** What the test knows of one change's outcome. */
    private enum Outcome
    {
        PRESENT, ABSENT, UNKNOWN
    }

    @TempDir
    Path dir;

    private final Map<String, Outcome> ports = new ConcurrentHashMap<>();
    private final Map<String, Outcome> tuples = new ConcurrentHashMap<>();

    static List<String> javaCommand(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xmx128m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("net.vswitch.vswitchd.Main");
        command.addAll(List.of(args));
        return command;
    }

    @Test
    void shouldHoldExactlyTheAcknowledgedChangesAfterEverySigkill() throws Exception
    {
        final Path ctl = dir.resolve("crash.ctl");
        final Path log = dir.resolve("daemon.log");
        final Random random = new Random(42);
        final long deadline = System.currentTimeMillis() + BUDGET_MS;
        final int[] next = new int[CLIENTS];
        int rounds = 0;
        while (rounds < MAX_ROUNDS && (System.currentTimeMillis() < deadline || rounds < 3))
        {
            final Process daemon = new ProcessBuilder(javaCommand("run", "--ctl", ctl.toString(), "--logic",
                "filter3", "--port", "virtual:up", "--port", "virtual:host")).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            try
            {
                awaitAnswer(ctl, daemon, log);
                check(ctl, rounds);
                final List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++)
                {
                    final int client = c;
                    final int first = next[c];
                    next[c] += 1000;
                    final Thread thread = new Thread(() -> storm(ctl, client, first), "client-" + c);
                    thread.start();
                    clients.add(thread);
                }
                Thread.sleep(50 + random.nextInt(400));
                daemon.destroyForcibly(); // SIGKILL
                assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "killed daemon exits");
                for (final Thread thread : clients)
                {
                    thread.join(30_000);
                }
            }
            finally
            {
                daemon.destroyForcibly();
            }
            rounds++;
        }
        final Process last = new ProcessBuilder(javaCommand("run", "--ctl", ctl.toString(), "--logic", "filter3",
            "--port", "virtual:up", "--port", "virtual:host")).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try
        {
            awaitAnswer(ctl, last, log);
            check(ctl, rounds);
        }
        finally
        {
            last.destroy();
            last.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("CrashRestartTest: " + rounds + " SIGKILL rounds, " + ports.size() + " ports and "
            + tuples.size() + " reservations tried");
        assertTrue(rounds >= 3, "rounds: " + rounds);
        assertTrue(ports.values().stream().filter(o -> o == Outcome.PRESENT).count() > 0, "some changes were made");
    }

    /** One client: sequential changes until the daemon dies under it. */
    private void storm(final Path ctl, final int client, final int first)
    {
        final Random random = new Random(client * 7919L + first);
        for (int n = first; ; n++)
        {
            final String port = "c" + client + "-" + n;
            final String tuple = "tcp:10." + client + "." + (n / 256 % 256) + "." + (n % 256) + ":80";
            final String refused = "tcp:10." + (100 + client) + "." + (n / 256 % 256) + "." + (n % 256) + ":81";
            if (!change(ctl, ports, port, Outcome.PRESENT, "add-port", "virtual:" + port))
            {
                return;
            }
            if (ports.get(port) == Outcome.PRESENT
                && !change(ctl, tuples, tuple + "@" + port, Outcome.PRESENT, "reserve", port, tuple))
            {
                return;
            }
            if (!change(ctl, tuples, refused + "@up", Outcome.PRESENT, "reserve", "up", refused))
            {
                return;
            }
            if (random.nextInt(3) > 0)
            {
                final Outcome before = tuples.getOrDefault(tuple + "@" + port, Outcome.ABSENT);
                final boolean alive = change(ctl, ports, port, Outcome.ABSENT, "del-port", port);
                final Outcome after = ports.get(port);
                if (after == Outcome.ABSENT)
                {
                    tuples.put(tuple + "@" + port, Outcome.ABSENT); // a removed port's reservations go with it
                }
                else if (after == Outcome.UNKNOWN && before == Outcome.PRESENT)
                {
                    tuples.put(tuple + "@" + port, Outcome.UNKNOWN);
                }
                if (!alive)
                {
                    return;
                }
            }
        }
    }

    /**
     * Makes one call; records {@code success} when answered ok, the opposite when refused, unknown when the
     * daemon died before answering.
     *
     * @return whether the daemon answered
     */
    private static boolean change(final Path ctl, final Map<String, Outcome> model, final String key,
        final Outcome success, final String... words)
    {
        final Outcome previous = model.getOrDefault(key, Outcome.ABSENT);
        model.put(key, Outcome.UNKNOWN);
        try
        {
            final CtlClient.Answer answer = CtlClient.call(ctl, words);
            model.put(key, answer.ok() ? success : previous);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private void check(final Path ctl, final int round) throws Exception
    {
        final Set<String> actualPorts = new HashSet<>();
        final Map<?, ?> show = (Map<?, ?>)Json.parse(ok(ctl, "show", "--json"));
        for (final Object item : (List<?>)((Map<?, ?>)((List<?>)show.get("switches")).get(0)).get("ports"))
        {
            actualPorts.add((String)((Map<?, ?>)item).get("name"));
        }
        final Set<String> actualTuples = new HashSet<>();
        final Map<?, ?> reservations = (Map<?, ?>)Json.parse(ok(ctl, "reservations", "--json"));
        for (final Object item : (List<?>)reservations.get("reservations"))
        {
            final Map<?, ?> row = (Map<?, ?>)item;
            actualTuples.add(row.get("tuple") + "@" + row.get("port_name"));
        }
        assertTrue(actualPorts.containsAll(Set.of("up", "host")), "round " + round + ": " + actualPorts);
        compare("round " + round + " port ", ports, actualPorts, Set.of("up", "host"));
        compare("round " + round + " reservation ", tuples, actualTuples, Set.of());
    }

    private static void compare(final String what, final Map<String, Outcome> model, final Set<String> actual,
        final Set<String> fixed)
    {
        for (final Map.Entry<String, Outcome> entry : model.entrySet())
        {
            final boolean there = actual.contains(entry.getKey());
            switch (entry.getValue())
            {
                case PRESENT -> assertTrue(there, what + entry.getKey() + " was acknowledged but is lost");
                case ABSENT -> assertTrue(!there, what + entry.getKey() + " was refused or removed but is there");
                case UNKNOWN -> entry.setValue(there ? Outcome.PRESENT : Outcome.ABSENT);
                default -> throw new IllegalStateException();
            }
        }
        for (final String key : actual)
        {
            assertTrue(fixed.contains(key) || model.containsKey(key), what + key + " was never asked for");
        }
    }

    private static String ok(final Path ctl, final String... words) throws IOException
    {
        final CtlClient.Answer answer = CtlClient.call(ctl, words);
        assertTrue(answer.ok(), String.join(" ", words) + ": " + answer.body());
        return answer.body();
    }

    static void awaitAnswer(final Path ctl, final Process process, final Path log) throws Exception
    {
        final long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (true)
        {
            if (!process.isAlive())
            {
                throw new AssertionError("daemon exited with " + process.exitValue() + " (a corrupt state file?): "
                    + Files.readString(log));
            }
            try
            {
                if (CtlClient.call(ctl, "show").ok())
                {
                    return;
                }
            }
            catch (final IOException notYet)
            {
                // not listening yet
            }
            if (System.currentTimeMillis() > deadline)
            {
                process.destroyForcibly();
                throw new AssertionError("daemon did not answer on " + ctl + " within " + START_TIMEOUT_MS + " ms");
            }
            Thread.sleep(20);
        }
    }

}
