package net.vswitch.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process a test starts, with every wait bounded: its standard output is read by a thread of
 * its own from the start (so a chatty child never blocks on a full pipe, and a silent one never blocks
 * the test), and {@link #nextLine}, {@link #await} fail the test with the output seen so far when the
 * child takes longer than the caller allows. A hung child fails its test; it never hangs the build.
 */
public final class ChildProcess implements AutoCloseable
{
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    /** End of output, compared by identity (a child may print the same text). */
    private static final String EOF = new String("<eof>");

    private final String name;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private ChildProcess(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofVirtual().name("child-out-" + process.pid()).start(this::readOutput);
    }

    /**
     * Starts {@code builder}'s command; what it writes to standard output (and standard error, when the
     * builder redirects it there) is collected.
     *
     * @param builder the command, its directory, environment and redirections
     * @return the running child
     */
    public static ChildProcess start(final ProcessBuilder builder)
    {
        try
        {
            return new ChildProcess(String.join(" ", builder.command()), builder.start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + String.join(" ", builder.command()), ex);
        }
    }

    /**
     * Runs a command to its end (standard error merged into the output) and returns how it ended; a
     * command that cannot start or does not end in time gives exit code -1 and says so in the output.
     * For probes, where a failure is an answer rather than a test failure.
     *
     * @param timeout how long the command may take
     * @param command the program and its arguments
     * @return exit code and output
     */
    public static Result runQuietly(final Duration timeout, final String... command)
    {
        final ChildProcess child;
        try
        {
            child = new ChildProcess(String.join(" ", command),
                new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            return new Result(-1, "cannot run " + String.join(" ", command) + ": " + ex.getMessage());
        }
        try (child)
        {
            return child.await(timeout);
        }
        catch (final AssertionError ex)
        {
            return new Result(-1, ex.getMessage());
        }
    }

    /** The underlying process (pid, streams other than standard output). */
    public Process process()
    {
        return process;
    }

    /** The process id. */
    public long pid()
    {
        return process.pid();
    }

    /** Everything read from the child's standard output so far. */
    public String output()
    {
        synchronized (output)
        {
            return output.toString();
        }
    }

    /**
     * The next line the child writes, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return the line, without its terminator
     * @throws AssertionError when no line comes in time or the child closes its output first
     */
    public String nextLine(final Duration timeout)
    {
        final String line;
        try
        {
            line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a line from " + name, ex);
        }
        if (line == null)
        {
            throw new AssertionError("no line from " + name + " within " + timeout.toSeconds() + " s; output so far: "
                + output());
        }
        if (line == EOF)
        {
            lines.offer(EOF);
            throw new AssertionError(name + " closed its output; output: " + output());
        }
        return line;
    }

    /**
     * Waits at most {@code timeout} for the child to end, then for its output to be read.
     *
     * @param timeout how long the child may still run
     * @return its exit code and whole output
     * @throws AssertionError when it is still running after {@code timeout} (it is killed first)
     */
    public Result await(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                kill();
                throw new AssertionError(name + " did not finish within " + timeout.toSeconds()
                    + " s (killed); output so far: " + output());
            }
            if (!reader.join(KILL_WAIT))
            {
                throw new AssertionError(name + " ended but its output stayed open for " + KILL_WAIT.toSeconds()
                    + " s (a grandchild holding it?); output so far: " + output());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted waiting for " + name, ex);
        }
        return new Result(process.exitValue(), output());
    }

    /** Kills the child if it still runs and waits (bounded) for it to go. */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private void kill()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(KILL_WAIT.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void readOutput()
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                synchronized (output)
                {
                    output.append(line).append('\n');
                }
                lines.offer(line);
            }
        }
        catch (final IOException ex)
        {
            synchronized (output)
            {
                output.append("<output unreadable: ").append(ex.getMessage()).append(">\n");
            }
        }
        finally
        {
            lines.offer(EOF);
        }
    }

    /**
     * How a child ended.
     *
     * @param exitCode its exit status
     * @param output   what it wrote (lines joined with {@code \n})
     */
    public record Result(int exitCode, String output)
    {
        /** The output's lines, for assertions on one of them. */
        public List<String> lines()
        {
            return output.lines().toList();
        }
    }
}
