package net.vswitch.ports.afpacket;

import net.vswitch.natives.libc.LinuxIfPacket;

/** The PACKET_MMAP ring format of an {@link AfPacketPort} (one per socket: RX and TX share it). */
public enum TpacketVersion
{
    /** Frame by frame: the kernel hands each frame over at once (lowest latency). */
    V2(LinuxIfPacket.TPACKET_V2),
    /** Variable-size frames in blocks handed over when full or after the block timeout (fewest wakeups). */
    V3(LinuxIfPacket.TPACKET_V3);

    private final int value;

    TpacketVersion(final int value)
    {
        this.value = value;
    }

    /** The PACKET_VERSION option value. */
    public int value()
    {
        return value;
    }

    /** {@code v2} or {@code v3} (case-insensitive). */
    public static TpacketVersion parse(final String text)
    {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT))
        {
            case "v2", "tpacket_v2" -> V2;
            case "v3", "tpacket_v3" -> V3;
            default -> throw new IllegalArgumentException("TPACKET version must be v2 or v3: '" + text + "'");
        };
    }
}
