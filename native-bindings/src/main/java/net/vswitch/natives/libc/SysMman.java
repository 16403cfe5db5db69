package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <sys/mman.h>}: mmap, munmap. */
public final class SysMman
{
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    public static final int MAP_ANONYMOUS = 0x20;
    /** {@code MAP_NORESERVE}: no swap reserved; pages come on first touch. */
    public static final int MAP_NORESERVE = 0x4000;
    public static final int MAP_LOCKED = 0x2000;
    public static final int MAP_POPULATE = 0x8000;
    public static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP = Libc.downcall("mmap",
        FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP =
        Libc.downcall("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    private SysMman()
    {
    }

    /**
     * {@code mmap(2)} at a kernel-chosen address.
     *
     * @return a segment of {@code length} bytes (unbounded lifetime: pair it with {@link #munmap})
     */
    public static MemorySegment mmap(final long length, final int prot, final int flags, final int fd,
        final long offset)
    {
        final MemorySegment state = Errno.state();
        final MemorySegment address;
        try
        {
            address = (MemorySegment)MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (address.address() == MAP_FAILED)
        {
            throw Errno.exception("mmap", state);
        }
        return address.reinterpret(length);
    }

    /**
     * Private anonymous memory whose pages the kernel provides on first touch (zeroed): room for
     * large buffers that small frames mostly never reach.
     */
    public static MemorySegment mmapAnonymous(final long length)
    {
        return mmap(length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }

    /** {@code munmap(2)} of a whole segment {@link #mmap} returned. */
    public static void munmap(final MemorySegment mapping)
    {
        final MemorySegment state = Errno.state();
        final int result;
        try
        {
            result = (int)MUNMAP.invokeExact(state, mapping, mapping.byteSize());
        }
        catch (final Throwable ex)
        {
            throw Libc.unexpected(ex);
        }
        if (result < 0)
        {
            throw Errno.exception("munmap", state);
        }
    }
}
