package net.vswitch.ports.shm;

import net.vswitch.fabric.RingDescriptor;

/**
 * Byte layout of a shared-memory port's region (layout version 2): one sealed {@code memfd} per port
 * that the switch creates and hands to at most one client process over the Unix socket at the port's
 * path ({@link ShmHandshake}). A 4 KiB header, then two rings in the {@link RingDescriptor} layout, each
 * page-aligned: the <b>to-switch</b> ring (the client produces: it fills slots and advances
 * {@code tail}; the switch consumes and advances {@code head}) and the <b>from-switch</b> ring (the
 * switch produces, the client consumes). Each ring holds its slots and its own buffers:
 * {@code bufferOffset(position) = buffers offset + (position & (capacity - 1)) * buffer size}. One
 * region per port means a client only ever maps its own port's frames; the switch copies between regions.
 *
 * <pre>
 *   0                   4                   8                  12                  16
 *   +-------------------+-------------------+-------------------+-------------------+
 *   | magic 'VSPM'      | version (2)       | header length     | reserved (0)      |
 *   +-------------------+-------------------+-------------------+-------------------+
 *  16 | region length (long)                | to-switch ring offset (long)          |
 *  32 | to-switch ring length (long)        | from-switch ring offset (long)        |
 *  48 | from-switch ring length (long)      | switch pid (long)                     |
 *  64 | client pid (long, written by switch)| state (int)       | reserved (0)      |
 *     ...
 * 128 | port name: 64 bytes of UTF-8, NUL-padded                                    |
 *     ...
 * 4096 | to-switch ring   (RingDescriptor layout: header, slots, buffers)           |
 *  T   | from-switch ring (T = 4096 + to-switch ring length rounded up to 4096)    |
 * </pre>
 * All fields are little-endian. Positions are 64-bit counters that never wrap; a ring's {@code tail}
 * is written only by its producer and {@code head} only by its consumer, with release stores and
 * acquire loads (C: {@code __atomic_store_n(..., __ATOMIC_RELEASE)}). The memfd is sealed against
 * shrinking and growing ({@code F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL}), so no process can truncate
 * it under another's mapping. The header is informational for the client: the switch keeps its own
 * copy of everything it relies on (the client's pid comes from {@code SO_PEERCRED}, the shape from its
 * own config) and never reads the header back. {@code state} is {@link #STATE_READY} while the switch
 * serves the port and {@link #STATE_CLOSED} once it closed it. Neither side can wake the other (the
 * rings' {@code consumer waiting} flags stay 0): both poll with a spin, yield, then park (up to 1 ms)
 * backoff, and the switch's worker of a port idle for 50 ms sleeps until a JVM-wide watcher sees the
 * client's {@code tail} move, so idle ports cost next to no CPU.
 */
public final class ShmPortDescriptor
{
    public static final int MAGIC = 0x4d505356; // "VSPM" little-endian
    public static final int VERSION = 2;
    public static final int HEADER_LENGTH = 4096;
    public static final int PAGE = 4096;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int HEADER_LENGTH_OFFSET = 8;
    public static final int FILE_LENGTH_OFFSET = 16;
    public static final int TO_SWITCH_OFFSET_OFFSET = 24;
    public static final int TO_SWITCH_LENGTH_OFFSET = 32;
    public static final int FROM_SWITCH_OFFSET_OFFSET = 40;
    public static final int FROM_SWITCH_LENGTH_OFFSET = 48;
    public static final int SWITCH_PID_OFFSET = 56;
    public static final int CLIENT_PID_OFFSET = 64;
    public static final int STATE_OFFSET = 72;
    public static final int NAME_OFFSET = 128;
    public static final int NAME_LENGTH = 64;

    public static final int STATE_READY = 1;
    public static final int STATE_CLOSED = 2;

    private ShmPortDescriptor()
    {
    }

    public static long toSwitchOffset()
    {
        return HEADER_LENGTH;
    }

    public static long fromSwitchOffset(final int slots, final int bufferSize)
    {
        return RingDescriptor.align(HEADER_LENGTH + RingDescriptor.ringLength(slots, bufferSize), PAGE);
    }

    /** Bytes of a region whose two rings have this shape. */
    public static long fileLength(final int slots, final int bufferSize)
    {
        return RingDescriptor.align(fromSwitchOffset(slots, bufferSize) + RingDescriptor.ringLength(slots, bufferSize),
            PAGE);
    }
}
