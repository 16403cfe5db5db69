package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code <poll.h>}: poll and {@code struct pollfd}.
 *
 * <pre>
 *   0        4        6        8
 *   +--------+--------+--------+
 *   | fd     | events | revents|
 *   +--------+--------+--------+
 * </pre>
 */
public final class Poll
{
    public static final short POLLIN = 0x1;
    public static final short POLLPRI = 0x2;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    public static final StructLayout POLLFD = MemoryLayout.structLayout(
        JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents")).withName("pollfd");
    public static final long POLLFD_SIZE = POLLFD.byteSize();
    public static final long FD_OFFSET = POLLFD.byteOffset(groupElement("fd"));
    public static final long EVENTS_OFFSET = POLLFD.byteOffset(groupElement("events"));
    public static final long REVENTS_OFFSET = POLLFD.byteOffset(groupElement("revents"));

    private static final MethodHandle POLL =
        Libc.downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Poll()
    {
    }

    /** Fills entry {@code index} of a pollfd array. */
    public static void pollfd(final MemorySegment fds, final int index, final int fd, final short events)
    {
        final long base = index * POLLFD_SIZE;
        fds.set(JAVA_INT, base + FD_OFFSET, fd);
        fds.set(JAVA_SHORT, base + EVENTS_OFFSET, events);
        fds.set(JAVA_SHORT, base + REVENTS_OFFSET, (short)0);
    }

    /** The events entry {@code index} waits for. */
    public static short events(final MemorySegment fds, final int index)
    {
        return fds.get(JAVA_SHORT, index * POLLFD_SIZE + EVENTS_OFFSET);
    }

    /** Changes the events entry {@code index} waits for. */
    public static void events(final MemorySegment fds, final int index, final short events)
    {
        fds.set(JAVA_SHORT, index * POLLFD_SIZE + EVENTS_OFFSET, events);
    }

    /** The events poll reported for entry {@code index}. */
    public static short revents(final MemorySegment fds, final int index)
    {
        return fds.get(JAVA_SHORT, index * POLLFD_SIZE + REVENTS_OFFSET);
    }

    /** {@code poll(2)}; returns the number of ready descriptors (0 on timeout) or {@code -errno}. */
    public static int pollOrErrno(final MemorySegment fds, final int count, final int timeoutMillis)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)POLL.invokeExact(state, fds, (long)count, timeoutMillis);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        return result < 0 ? -Errno.errno(state) : result;
    }
}
