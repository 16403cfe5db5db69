package net.vswitch.ports.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import net.vswitch.fabric.DropReason;
import net.vswitch.fabric.PacketBatch;
import net.vswitch.fabric.Switch;
import net.vswitch.logic.basic.StaticLogic;
import net.vswitch.ports.PortFactory;
import net.vswitch.ports.PortSpec;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.pcap.PcapFiles.Frame;
import net.vswitch.testsupport.Requirements;

import static org.junit.jupiter.api.Assertions.*;

class PcapPortTest
{
    @TempDir
    Path dir;

    /** Replays {@code input} through a static-logic switch into a pcap-out sink; returns the sink's file. */
    private Path roundTrip(final Path input, final String options) throws Exception
    {
        final Path output = dir.resolve("out-" + input.getFileName());
        final PortFactory factory = new PortFactory();
        try (Switch sw = new Switch("sw", new StaticLogic()))
        {
            final PcapSinkPort sink = (PcapSinkPort)factory.create(PortSpec.parse("pcap-out:" + output));
            final PcapSourcePort source = (PcapSourcePort)factory.create(PortSpec.parse("pcap-in:" + input + options));
            sw.attach(sink); // the sink first: the source starts replaying as soon as it is attached
            sw.attach(source);
            assertTrue(source.awaitFinished(60, TimeUnit.SECONDS), "replay did not finish");
            assertNull(source.failure());
            sw.detach(source);
            sw.detach(sink);
            source.close();
            sink.close();
            assertEquals(source.counters().rxPackets(), source.counters().forwarded());
            assertEquals(source.counters().rxPackets(), sink.counters().txPackets());
        }
        return output;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"LITTLE_ENDIAN, false", "LITTLE_ENDIAN, true", "BIG_ENDIAN, false", "BIG_ENDIAN, true"})
    void shouldReplayFileIntoSinkUnchanged(final String order, final boolean nanos) throws Exception
    {
        final List<Frame> frames = new ArrayList<>(PcapFiles.frames(2000));
        frames.add(new Frame(PcapFiles.frame(100, 7), 1514)); // truncated by the capture's snaplen
        frames.add(new Frame(PcapFiles.frame(9000, 8))); // jumbo
        final Path input = PcapFiles.write(dir.resolve("in.pcap"), order.equals("BIG_ENDIAN")
            ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, nanos, frames);

        final Path output = roundTrip(input, "");

        final List<Frame> expected = new ArrayList<>();
        for (final Frame frame : frames)
        {
            expected.add(new Frame(frame.data())); // forwarded with the captured length
        }
        assertEquals(expected, PcapFiles.read(output));
    }

    /** The files a user opens in Wireshark: tshark reads every frame, with its length, and no complaint. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"replay", "capture"})
    void shouldWriteFilesTsharkReads(final String how) throws Exception
    {
        Requirements.of("pcap output read by tshark").tool("tshark", "tshark").assumeMet();
        final List<Frame> expected = new ArrayList<>();
        final Path file;
        if (how.equals("replay"))
        {
            final List<Frame> frames = new ArrayList<>(PcapFiles.frames(500));
            frames.add(new Frame(PcapFiles.frame(9000, 8))); // jumbo
            file = roundTrip(PcapFiles.write(dir.resolve("in.pcap"), ByteOrder.BIG_ENDIAN, true, frames), "");
            expected.addAll(frames);
        }
        else
        {
            file = dir.resolve("capture.pcap");
            expected.addAll(captureBothDirections(file));
        }
        assertEquals(expected.stream().map(f -> f.data().length).toList(), PcapFiles.tsharkLengths(file));
    }

    @Test
    void shouldPlayTheFileLoopTimes() throws Exception
    {
        final List<Frame> frames = PcapFiles.frames(300);
        final Path input = PcapFiles.write(dir.resolve("loop.pcap"), ByteOrder.LITTLE_ENDIAN, false, frames);

        final List<Frame> output = PcapFiles.read(roundTrip(input, ",loop=3"));

        final List<Frame> expected = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++)
        {
            expected.addAll(frames);
        }
        assertEquals(expected, output);
    }

    @Test
    void shouldLoopForeverUntilDetached() throws Exception
    {
        final Path input = PcapFiles.write(dir.resolve("forever.pcap"), ByteOrder.LITTLE_ENDIAN, false,
            PcapFiles.frames(50));
        try (Switch sw = new Switch("sw", new StaticLogic());
            VirtualPort receiver = new VirtualPort("rx"))
        {
            final PcapSourcePort source = new PcapSourcePort("in", input, 0, 0);
            sw.attach(receiver);
            sw.attach(source);
            final PacketBatch batch = new PacketBatch(256);
            long received = 0;
            while (received < 50 * 20)
            {
                received += receiver.receive(batch, 10, TimeUnit.SECONDS);
                receiver.release();
            }
            assertFalse(source.finished());
            sw.detach(source);
            assertTrue(source.awaitFinished(10, TimeUnit.SECONDS));
            assertTrue(source.passes() >= 19, "passes " + source.passes());
            source.close();
            sw.detach(receiver);
        }
    }

    /**
     * A replay at 1000 frames/s of 1000 frames takes about a second, as the user asked: never faster
     * (the schedule never runs ahead), and not much slower either (a pacer that oversleeps each frame,
     * or one ten times too slow, fails; the bound leaves room for a loaded machine, since a late
     * schedule catches up rather than drifting).
     */
    @Test
    void shouldPaceReplayAtTheGivenRate() throws Exception
    {
        final int count = 1000;
        final long rate = 1000;
        final Path input = PcapFiles.write(dir.resolve("rate.pcap"), ByteOrder.LITTLE_ENDIAN, false,
            PcapFiles.frames(count));
        try (Switch sw = new Switch("sw", new StaticLogic()))
        {
            final PcapSinkPort sink = new PcapSinkPort("out", dir.resolve("rate-out.pcap"));
            final PcapSourcePort source = new PcapSourcePort("in", input, rate, 1);
            sw.attach(sink);
            final long start = System.nanoTime();
            sw.attach(source);
            Thread.sleep(300);
            final long early = source.replayed();
            final double earlySeconds = (System.nanoTime() - start) / 1e9;
            // the schedule never runs ahead: frame i leaves no earlier than i / rate after the start
            assertTrue(early <= rate * earlySeconds + 1, early + " frames after " + earlySeconds + " s");
            assertTrue(source.awaitFinished(30, TimeUnit.SECONDS));
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double nominal = (count - 1) / (double)rate;
            assertTrue(seconds >= nominal, "all " + count + " frames within " + seconds + " s");
            assertTrue(seconds <= 2 * nominal + 0.5, count + " frames at " + rate + "/s took " + seconds
                + " s (nominal " + nominal + " s)");
            assertEquals(count, source.replayed());
            sw.detach(source);
            sw.detach(sink);
            source.close();
            sink.close();
            assertEquals(count, PcapFiles.read(sink.file()).size());
        }
    }

    @Test
    void shouldCaptureBothDirectionsOfARunningPort() throws Exception
    {
        final Path file = dir.resolve("capture.pcap");
        final List<Frame> expected = captureBothDirections(file);
        assertEquals(expected, PcapFiles.read(file));
    }

    /** Captures 500 frames each way on a running port; returns them in the order they crossed it. */
    private List<Frame> captureBothDirections(final Path file) throws Exception
    {
        try (Switch sw = new Switch("sw", new StaticLogic());
            VirtualPort vm1 = new VirtualPort("vm1");
            VirtualPort vm2 = new VirtualPort("vm2"))
        {
            sw.attach(vm1);
            sw.attach(vm2);
            vm1.send(PcapFiles.frame(64, 1000)); // before the capture: not in the file
            vm2.poll((m, o, l) -> { }, 16);
            final List<Frame> expected = new ArrayList<>();
            final PcapCapture capture = PcapCapture.start(vm1, file);
            assertThrows(IllegalStateException.class, () -> PcapCapture.start(vm1, dir.resolve("again.pcap")),
                "port vm1 is already being captured");
            for (int i = 0; i < 500; i++)
            {
                final byte[] out = PcapFiles.frame(60 + i, i);
                final byte[] in = PcapFiles.frame(1000 - i, i + 5000);
                vm1.send(out);
                vm2.send(in);
                expected.add(new Frame(out));
                expected.add(new Frame(in));
                vm2.poll((m, o, l) -> { }, 16);
                vm1.poll((m, o, l) -> { }, 16);
            }
            capture.stop();
            vm1.send(PcapFiles.frame(64, 2000)); // after the capture: not in the file
            assertNull(vm1.mirror());
            assertEquals(1000, capture.captured());
            assertEquals(0, capture.missed());
            sw.detach(vm1);
            sw.detach(vm2);
            return expected;
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void shouldRejectAFileThatIsNotPcap() throws IOException
    {
        final Path text = Files.writeString(dir.resolve("notes.txt"), "hello, this is not a capture file\n");
        final PcapFormatException ex = assertThrows(PcapFormatException.class,
            () -> new PortFactory().create(PortSpec.parse("pcap-in:" + text)));
        assertEquals("file " + text + " is not a pcap file: magic 0x6c6c6568 (expected 0xa1b2c3d4 or 0xa1b23c4d"
            + " in either byte order)", ex.getMessage());
    }

    @Test
    void shouldNamePcapngAndLinkTypeAndVersion() throws IOException
    {
        final byte[] ng = PcapFiles.bytes(ByteOrder.LITTLE_ENDIAN, false, 65535, 1, List.of());
        ng[0] = 0x0a;
        ng[1] = 0x0d;
        ng[2] = 0x0d;
        ng[3] = 0x0a;
        final Path pcapng = Files.write(dir.resolve("x.pcapng"), ng);
        assertEquals("file " + pcapng + " is pcapng, not classic pcap; convert it with 'editcap -F pcap " + pcapng
            + " out.pcap'", assertThrows(PcapFormatException.class,
                () -> new PcapSourcePort("p", pcapng, 0, 1)).getMessage());

        final Path wifi = Files.write(dir.resolve("wifi.pcap"),
            PcapFiles.bytes(ByteOrder.BIG_ENDIAN, false, 65535, 105, List.of()));
        assertEquals("pcap file " + wifi + " has link type 105; only Ethernet (1) frames can be replayed into the"
            + " switch", assertThrows(PcapFormatException.class, () -> new PcapSourcePort("p", wifi, 0, 1)).getMessage());
    }

    @Test
    void shouldRejectMissingAndTruncatedHeader() throws IOException
    {
        final Path missing = dir.resolve("missing.pcap");
        assertEquals("pcap file " + missing + " does not exist", assertThrows(UncheckedIOException.class,
            () -> new PcapSourcePort("p", missing, 0, 1)).getMessage());
        final Path shortFile = Files.write(dir.resolve("short.pcap"), new byte[] {(byte)0xd4, (byte)0xc3, (byte)0xb2});
        assertEquals("pcap file " + shortFile + " is truncated: 3 bytes, a pcap file starts with a 24-byte header",
            assertThrows(PcapFormatException.class, () -> new PcapSourcePort("p", shortFile, 0, 1)).getMessage());
    }

    @Test
    void shouldForwardUpToATruncatedRecordThenStopAndCountIt() throws Exception
    {
        final List<Frame> frames = PcapFiles.frames(100);
        final byte[] whole = PcapFiles.bytes(ByteOrder.LITTLE_ENDIAN, false, 65535, 1, frames);
        final int cut = whole.length - 10; // the last record loses its last 10 bytes
        final Path input = Files.write(dir.resolve("cut.pcap"), java.util.Arrays.copyOf(whole, cut));
        final int lastRecord = whole.length - 16 - frames.get(99).data().length;
        try (Switch sw = new Switch("sw", new StaticLogic());
            VirtualPort a = new VirtualPort("a");
            VirtualPort b = new VirtualPort("b"))
        {
            final PcapSinkPort sink = new PcapSinkPort("out", dir.resolve("cut-out.pcap"));
            final PcapSourcePort source = new PcapSourcePort("in", input, 0, 0);
            sw.attach(sink);
            sw.attach(source);
            sw.attach(a);
            sw.attach(b);
            assertTrue(source.awaitFinished(30, TimeUnit.SECONDS));
            assertEquals("pcap file " + input + " is truncated or corrupt: record 100 at offset " + lastRecord
                + " needs " + (16 + frames.get(99).data().length) + " bytes but the file ends after "
                + (16 + frames.get(99).data().length - 10), source.failure());
            assertEquals(99, source.counters().forwarded());
            assertEquals(1, source.counters().drops(DropReason.MALFORMED));
            assertEquals(100, source.counters().rxPackets());
            // the switch keeps running
            a.send(PcapFiles.frame(64, 1));
            assertEquals(1, b.receive(new PacketBatch(4), 5, TimeUnit.SECONDS));
            sw.detach(source);
            sw.detach(sink);
            source.close();
            sink.close();
            assertEquals(frames.subList(0, 99), PcapFiles.read(sink.file()));
            sw.detach(a);
            sw.detach(b);
        }
    }

    @Test
    void shouldDropRecordsLongerThanSnaplenAndStopAtAnImpossibleLength() throws Exception
    {
        final List<Frame> frames = new ArrayList<>(PcapFiles.frames(10));
        frames.set(3, new Frame(PcapFiles.frame(200, 3))); // file snaplen is 128 below
        final byte[] bytes = PcapFiles.bytes(ByteOrder.BIG_ENDIAN, true, 128, 1,
            frames.stream().map(f -> f.data().length > 128 && f.data().length != 200
                ? new Frame(java.util.Arrays.copyOf(f.data(), 128), f.data().length) : f).toList());
        final Path input = Files.write(dir.resolve("snap.pcap"), bytes);
        try (Switch sw = new Switch("sw", new StaticLogic()))
        {
            final PcapSinkPort sink = new PcapSinkPort("out", dir.resolve("snap-out.pcap"));
            final PcapSourcePort source = new PcapSourcePort("in", input, 0, 1);
            sw.attach(sink);
            sw.attach(source);
            assertTrue(source.awaitFinished(30, TimeUnit.SECONDS));
            assertNull(source.failure());
            assertEquals(9, source.counters().forwarded());
            assertEquals(1, source.counters().drops(DropReason.MALFORMED));
            assertEquals(10, source.counters().rxPackets());
            sw.detach(source);
            sw.detach(sink);
            source.close();
            sink.close();
            assertEquals(9, PcapFiles.read(sink.file()).size());
        }

        final byte[] huge = PcapFiles.bytes(ByteOrder.LITTLE_ENDIAN, false, 65535, 1, PcapFiles.frames(3));
        final int second = 24 + 16 + 60;
        java.nio.ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(second + 8, 0x7fff_ffff);
        final Path corrupt = Files.write(dir.resolve("huge.pcap"), huge);
        try (Switch sw = new Switch("sw", new StaticLogic()))
        {
            final PcapSourcePort source = new PcapSourcePort("in", corrupt, 0, 1);
            final VirtualPort sinkPort = new VirtualPort("v");
            sw.attach(sinkPort);
            sw.attach(source);
            assertTrue(source.awaitFinished(30, TimeUnit.SECONDS));
            assertEquals("pcap file " + corrupt + " is truncated or corrupt: record 2 at offset " + second
                + " claims 2147483647 bytes, more than the 262144 a pcap record may hold", source.failure());
            assertEquals(1, source.counters().forwarded());
            assertEquals(1, source.counters().drops(DropReason.MALFORMED));
            sw.detach(source);
            sw.detach(sinkPort);
            source.close();
            sinkPort.close();
        }
    }

    @Test
    void shouldRejectAnUnwritableSinkFile()
    {
        final Path file = dir.resolve("no/such/dir/out.pcap");
        final UncheckedIOException ex = assertThrows(UncheckedIOException.class,
            () -> new PortFactory().create(PortSpec.parse("pcap-out:" + file)));
        assertTrue(ex.getMessage().startsWith("cannot create pcap file " + file + ": "), ex.getMessage());
    }
}
