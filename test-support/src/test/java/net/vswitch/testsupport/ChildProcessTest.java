package net.vswitch.testsupport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildProcessTest
{
    @Test
    void shouldReturnExitCodeAndOutput()
    {
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder("sh", "-c", "echo one; echo two; exit 3")))
        {
            final ChildProcess.Result result = child.await(Duration.ofSeconds(60));
            assertEquals(3, result.exitCode());
            assertEquals("one\ntwo\n", result.output());
        }
    }

    @Test
    void shouldFailAndKillAChildThatDoesNotEndInTime()
    {
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder("sh", "-c", "echo started; exec sleep 600")))
        {
            assertEquals("started", child.nextLine(Duration.ofSeconds(60)));
            final AssertionError error = assertThrows(AssertionError.class, () -> child.await(Duration.ofMillis(200)));
            assertTrue(error.getMessage().endsWith("did not finish within 0 s (killed); output so far: started\n"),
                error.getMessage());
            assertFalse(child.process().isAlive());
        }
    }

    @Test
    void shouldFailWhenNoLineComesInTime()
    {
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder("sleep", "600")))
        {
            final AssertionError error = assertThrows(AssertionError.class,
                () -> child.nextLine(Duration.ofMillis(100)));
            assertEquals("no line from sleep 600 within 0 s; output so far: ", error.getMessage());
        }
    }

    @Test
    void shouldFailWhenTheChildClosesItsOutputBeforeTheLine()
    {
        try (ChildProcess child = ChildProcess.start(new ProcessBuilder("true")))
        {
            final AssertionError error = assertThrows(AssertionError.class,
                () -> child.nextLine(Duration.ofSeconds(60)));
            assertEquals("true closed its output; output: ", error.getMessage());
        }
    }

    @Test
    void shouldReportACommandThatCannotStartAsAnAnswer()
    {
        final ChildProcess.Result result = ChildProcess.runQuietly(Duration.ofSeconds(5), "/nonexistent/tool");
        assertEquals(-1, result.exitCode());
        assertTrue(result.output().startsWith("cannot run /nonexistent/tool: "), result.output());
    }
}
