package net.vswitch.logic.secgroups;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PortCounters;
import net.vswitch.fabric.Switch;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;

/** A real switch with small virtual ports, for delivery tests. */
final class SwitchRig implements AutoCloseable
{
    private static final VirtualPortConfig SMALL = new VirtualPortConfig(64, 16, 2048, false);

    final Switch sw;
    final VirtualPort[] ports;

    SwitchRig(final SwitchLogic logic, final String... names)
    {
        this(SMALL, logic, names);
    }

    /** Ports that drain what they receive in the sender's thread (for long runs). */
    static SwitchRig sinks(final SwitchLogic logic, final String... names)
    {
        return new SwitchRig(SMALL.withSink(true), logic, names);
    }

    private SwitchRig(final VirtualPortConfig config, final SwitchLogic logic, final String... names)
    {
        sw = new Switch("sw0", logic);
        ports = new VirtualPort[names.length];
        for (int i = 0; i < names.length; i++)
        {
            ports[i] = new VirtualPort(names[i], config);
            final int index = sw.attach(ports[i]);
            if (index != i)
            {
                throw new IllegalStateException("port " + names[i] + " got index " + index);
            }
        }
    }

    /** Sends one frame from a port; returns the copies delivered. */
    int send(final int port, final byte[] frame)
    {
        return ports[port].send(frame);
    }

    /** Frames delivered to a port since the last call, oldest first. */
    List<byte[]> received(final int port)
    {
        final List<byte[]> frames = new ArrayList<>();
        ports[port].poll((final MemorySegment memory, final long offset, final int length) ->
            frames.add(memory.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE)), Integer.MAX_VALUE);
        return frames;
    }

    PortCounters counters(final int port)
    {
        return ports[port].counters();
    }

    long drops(final int port, final DropReason reason)
    {
        return counters(port).drops(reason);
    }

    @Override
    public void close()
    {
        sw.close();
        for (final VirtualPort port : ports)
        {
            port.close();
        }
    }
}
