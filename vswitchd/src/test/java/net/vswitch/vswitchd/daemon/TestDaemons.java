package net.vswitch.vswitchd.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.vswitchd.config.ConfigLoader;
import net.vswitch.vswitchd.config.RunFlags;
import net.vswitch.vswitchd.logic.LogicRegistry;
import net.vswitch.vswitchd.util.Log;
import net.vswitch.vswitchd.util.LogfmtLogger;

/** Starts daemons in-process on temporary socket paths and builds test frames. */
public final class TestDaemons
{
    private TestDaemons()
    {
    }

    /** A daemon and what it logged. */
    public record Running(Daemon daemon, Path ctl, ByteArrayOutputStream logBytes) implements AutoCloseable
    {
        public String log()
        {
            return logBytes.toString(StandardCharsets.UTF_8);
        }

        public VirtualPort virtualPort(final String switchName, final String port)
        {
            return (VirtualPort)daemon.switchNamed(switchName).port(port).port();
        }

        @Override
        public void close()
        {
            daemon.close();
        }
    }

    public static Running start(final Path dir, final RunFlags flags) throws Exception
    {
        final RunFlags withCtl = flags.ctl() == null ? flags.withCtl(dir.resolve("vsd.ctl")) : flags;
        final LogicRegistry registry = LogicRegistry.load();
        final ConfigLoader loader = new ConfigLoader(registry);
        final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        final Log log = new Log(new LogfmtLogger(Log.NAME, new PrintStream(logBytes, true, StandardCharsets.UTF_8)),
            Log.Level.INFO);
        final Daemon daemon = Daemon.start(() -> loader.load(withCtl), registry, log);
        return new Running(daemon, withCtl.ctl(), logBytes);
    }

    /** A 60-byte Ethernet frame; MACs are 02:00:00:00:00:NN. */
    public static byte[] frame(final int dstLast, final int srcLast)
    {
        final byte[] frame = new byte[60];
        frame[0] = 0x02;
        frame[5] = (byte)dstLast;
        frame[6] = 0x02;
        frame[11] = (byte)srcLast;
        frame[12] = (byte)0x88;
        frame[13] = (byte)0xB5;
        return frame;
    }

    /** A broadcast frame from 02:00:00:00:00:NN. */
    public static byte[] broadcast(final int srcLast)
    {
        final byte[] frame = frame(0, srcLast);
        for (int i = 0; i < 6; i++)
        {
            frame[i] = (byte)0xFF;
        }
        return frame;
    }
}
