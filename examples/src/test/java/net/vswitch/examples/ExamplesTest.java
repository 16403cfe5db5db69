package net.vswitch.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's examples compile (they are in this module) and do what the README says. */
class ExamplesTest
{
    private static String run(final Runnable main)
    {
        final PrintStream old = System.out;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try
        {
            main.run();
        }
        finally
        {
            System.setOut(old);
        }
        return out.toString();
    }

    @Test
    void embeddedSwitchDeliversTheFrame()
    {
        assertEquals("vm2 received 1 frame(s) of 60 bytes\n", run(() -> EmbeddedSwitch.main(new String[0])));
    }

    @Test
    void customLogicSelectsPortsByTheLowByte()
    {
        assertEquals("p1 got 1 frame(s)\np2 got 1 frame(s)\np3 got 1 frame(s)\np0 bad_port drops: 1\n",
            run(() -> CustomLogicExample.main(new String[0])));
    }
}
