package net.vswitch.fabric;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PortNumberTest
{
    @Test
    void numbersFollowAttachOrderAndAreNeverReused()
    {
        final List<String> attached = new ArrayList<>();
        final SwitchLogic logic = new SwitchLogic()
        {
            @Override
            public int lookup(final Packet packet, final int ingressPort)
            {
                return DROP;
            }

            @Override
            public void portAttached(final int portIndex, final int portNumber, final String portName)
            {
                attached.add(portName + "@" + portIndex + "#" + portNumber);
            }
        };
        final TestPort a = new TestPort("a");
        final TestPort b = new TestPort("b");
        final TestPort c = new TestPort("c");
        final TestPort d = new TestPort("d");
        try (Switch sw = new Switch("numbers", logic))
        {
            sw.attach(a);
            sw.attach(b);
            sw.attach(c);
            assertEquals(List.of(1, 2, 3), List.of(a.number(), b.number(), c.number()));
            sw.detach(b);
            assertEquals(-1, b.number());
            assertEquals(-1, sw.portIndex(2), "a detached port's number names nothing");
            assertEquals(-1, sw.portNumber(1));

            sw.attach(d);
            assertEquals(1, d.index(), "the index is reused");
            assertEquals(4, d.number(), "the number is not");
            assertEquals(4, sw.portNumber(1));
            assertEquals(1, sw.portIndex(4));
            assertEquals(2, sw.portIndex(3));
            assertEquals(0, sw.portIndex(1));
            assertEquals(-1, sw.portIndex(0));
            assertEquals(-1, sw.portIndex(5));
            assertEquals(-1, sw.portNumber(7));

            sw.attach(b);
            assertEquals(5, b.number(), "re-attaching a port gives it a new number");

            attached.clear();
            sw.logic(logic);
            assertEquals(List.of("a@0#1", "d@1#4", "c@2#3", "b@3#5"), attached, "a new logic learns every number");
        }
        finally
        {
            List.of(a, b, c, d).forEach(TestPort::close);
        }
    }

    @Test
    void aContextWithoutFabricNumbersByIndex()
    {
        final LogicContext context = new LogicContext()
        {
            @Override
            public String switchName()
            {
                return "t";
            }

            @Override
            public String[] portNames()
            {
                return new String[] {"x", null, "z"};
            }

            @Override
            public Clock clock()
            {
                return Clock.SYSTEM;
            }
        };
        assertEquals(1, context.portNumber(0));
        assertEquals(-1, context.portNumber(1));
        assertEquals(2, context.portIndex(3));
        assertEquals(-1, context.portIndex(2));
        assertEquals(-1, context.portIndex(0));
    }
}
