package net.vswitch.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.ports.pcap.PcapSourcePort;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;

/**
 * pcap-to-null replay: a pcap-in port replays a trace of SIZE-byte frames in a loop, as fast as it
 * can, through a static-logic switch into a sink port that only counts. Prints the machine, one
 * Mpps figure per second and the median with its min..max spread.
 *
 * <pre>
 *   java -cp ... net.vswitch.benchmarks.PcapReplayBenchmark [--size 64] [--frames 100000] [--seconds 10]
 *       [--batch 256]
 * </pre>
 */
public final class PcapReplayBenchmark
{
    private PcapReplayBenchmark()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        int size = 64;
        int frames = 100_000;
        int seconds = 10;
        int batch = PcapSourcePort.BATCH_DEFAULT;
        for (int i = 0; i < args.length; i += 2)
        {
            final int value = Integer.parseInt(args[i + 1]);
            switch (args[i])
            {
                case "--size" -> size = value;
                case "--frames" -> frames = value;
                case "--seconds" -> seconds = value;
                case "--batch" -> batch = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + " (expected --size, --frames, --seconds, --batch)");
            }
        }
        System.out.printf("machine: %s, %d cpus, %s %s, JDK %s%n", System.getProperty("os.arch"),
            Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
            System.getProperty("os.version"), Runtime.version());
        System.out.printf("pcap-to-null: %d frames of %d B, batch %d, static logic, loop forever, %d s%n",
            frames, size, batch, seconds);
        final Path trace = Files.createTempFile("vsp-bench", ".pcap");
        try
        {
            writeTrace(trace, frames, size);
            run(trace, seconds, batch);
        }
        finally
        {
            Files.deleteIfExists(trace);
        }
    }

    private static void run(final Path trace, final int seconds, final int batch) throws InterruptedException
    {
        try (Switch sw = new Switch("bench", new StaticLogic());
            VirtualPort sink = new VirtualPort("null", VirtualPortConfig.defaults().withSink(true)))
        {
            final PcapSourcePort source = new PcapSourcePort("trace", trace, 0, 0, batch);
            sw.attach(sink);
            sw.attach(source);
            Thread.sleep(1000); // warm-up
            final double[] mpps = new double[seconds];
            long last = sink.sunkPackets();
            long lastTime = System.nanoTime();
            for (int s = 0; s < seconds; s++)
            {
                Thread.sleep(1000);
                final long now = sink.sunkPackets();
                final long time = System.nanoTime();
                mpps[s] = (now - last) * 1e3 / (time - lastTime);
                System.out.printf("%2d s  %.2f Mpps%n", s + 1, mpps[s]);
                last = now;
                lastTime = time;
            }
            sw.detach(source);
            source.close();
            sw.detach(sink);
            final long drops = source.counters().totalDrops();
            Arrays.sort(mpps);
            System.out.printf("median %.2f Mpps (min %.2f, max %.2f), drops %d%n", mpps[seconds / 2], mpps[0],
                mpps[seconds - 1], drops);
        }
    }

    /** A little-endian microsecond pcap of {@code frames} UDP-like frames of {@code size} bytes. */
    static void writeTrace(final Path file, final int frames, final int size) throws IOException
    {
        final ByteBuffer out = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(1);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING))
        {
            for (int i = 0; i < frames; i++)
            {
                if (out.remaining() < 16 + size)
                {
                    channel.write(out.flip());
                    out.clear();
                }
                out.putInt(i / 1_000_000).putInt(i % 1_000_000).putInt(size).putInt(size);
                final int start = out.position();
                out.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0});
                for (int b = 14; b < size; b++)
                {
                    out.put((byte)(i + b));
                }
                out.position(start + size);
            }
            channel.write(out.flip());
        }
    }
}
