package net.vswitch.examples;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.vswitch.ports.shm.ShmClient;

/**
 * A process that talks to the switch through a shared-memory port ({@code --port shm:PATH}).
 *
 * <pre>
 *   ./vswitch run --port shm:/dev/shm/vm1 --port shm:/dev/shm/vm2 --logic bridge &amp;
 *   java -cp ... net.vswitch.examples.ShmClientExample echo /dev/shm/vm2 &amp;
 *   java -cp ... net.vswitch.examples.ShmClientExample ping /dev/shm/vm1 100000
 * </pre>
 * {@code echo} (MAC 02:00:00:00:00:02) sends every frame it receives back to its source; {@code ping} sends
 * COUNT frames from 02:00:00:00:00:01 (the first one broadcast, so a learning bridge floods it and
 * learns where the echo lives), waits for the echoes, and prints what came back.
 */
public final class ShmClientExample
{
    static final long PING_MAC = 0x02_00_00_00_00_01L;
    static final long ECHO_MAC = 0x02_00_00_00_00_02L;
    static final long BROADCAST = 0xFF_FF_FF_FF_FF_FFL;
    private static final int FRAME_LENGTH = 64;

    private ShmClientExample()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 2 || !(args[0].equals("ping") || args[0].equals("echo")))
        {
            System.err.println("usage: ShmClientExample ping PATH [COUNT] | echo PATH [SECONDS_IDLE]");
            System.exit(1);
        }
        final Path path = Path.of(args[1]);
        if (args[0].equals("ping"))
        {
            final long count = args.length > 2 ? Long.parseLong(args[2]) : 10_000;
            final long start = System.nanoTime();
            final long replies = ping(path, count, 10, TimeUnit.SECONDS);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("sent %d, %d echoed back in %.3f s (%.2f Mpps round trip)%n", count, replies, seconds,
                replies / seconds / 1e6);
            System.exit(replies == count ? 0 : 3);
        }
        else
        {
            final long idle = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE / 2_000_000_000L;
            System.out.println("echoed " + echo(path, idle, TimeUnit.SECONDS));
        }
    }

    /**
     * Sends {@code count} frames, keeping at most a ring's worth in flight, and counts the echoes.
     * Returns when all came back or none arrived for {@code timeout}.
     */
    public static long ping(final Path path, final long count, final long timeout, final TimeUnit unit)
    {
        try (ShmClient client = ShmClient.attach(path))
        {
            final long[] replies = new long[1];
            // half a ring: the far side may reply to a frame before it gives that frame's slot back
            final int window = Math.min(client.txCapacity(), client.rxCapacity()) / 2;
            long sent = 0;
            while (replies[0] < count)
            {
                final long room = Math.min(window - (sent - replies[0]), count - sent);
                final int claimed = room > 0 ? client.claim((int)Math.min(room, 64)) : 0;
                for (int i = 0; i < claimed; i++)
                {
                    final long offset = client.txBufferOffset(i);
                    writeFrame(client.txMemory(), offset, sent + i == 0 ? BROADCAST : ECHO_MAC, PING_MAC,
                        sent + i);
                    client.txLength(i, FRAME_LENGTH);
                }
                client.commit(claimed);
                sent += claimed;
                final int got = client.poll((memory, offset, length) -> replies[0]++, 256,
                    room > 0 ? 0 : timeout, unit);
                if (got == 0 && room <= 0)
                {
                    break;
                }
            }
            return replies[0];
        }
    }

    /** Reflects frames until none arrived for {@code idle}; returns how many it echoed. */
    public static long echo(final Path path, final long idle, final TimeUnit unit)
    {
        try (ShmClient client = ShmClient.attach(path))
        {
            final long[] echoed = new long[1];
            while (client.poll((memory, offset, length) ->
            {
                if (client.claim(1, 1, TimeUnit.SECONDS) == 1)
                {
                    final long to = client.txBufferOffset(0);
                    MemorySegment.copy(memory, offset, client.txMemory(), to, length);
                    reply(client.txMemory(), to);
                    client.txLength(0, length);
                    client.commit(1);
                    echoed[0]++;
                }
            }, 64, idle, unit) > 0)
            {
                // keep echoing while frames arrive
            }
            return echoed[0];
        }
    }

    static void writeFrame(final MemorySegment memory, final long offset, final long dst, final long src,
        final long seq)
    {
        mac(memory, offset, dst);
        mac(memory, offset + 6, src);
        memory.set(ValueLayout.JAVA_BYTE, offset + 12, (byte)0x88);
        memory.set(ValueLayout.JAVA_BYTE, offset + 13, (byte)0xb5);
        memory.set(ValueLayout.JAVA_LONG_UNALIGNED, offset + 14, seq);
        memory.asSlice(offset + 22, FRAME_LENGTH - 22).fill((byte)0);
    }

    private static void mac(final MemorySegment memory, final long offset, final long mac)
    {
        for (int i = 0; i < 6; i++)
        {
            memory.set(ValueLayout.JAVA_BYTE, offset + i, (byte)(mac >>> (40 - 8 * i)));
        }
    }

    /** Addresses a copied frame back to its sender, from the echo's own MAC. */
    private static void reply(final MemorySegment memory, final long offset)
    {
        MemorySegment.copy(memory, offset + 6, memory, offset, 6);
        mac(memory, offset + 6, ECHO_MAC);
    }
}
