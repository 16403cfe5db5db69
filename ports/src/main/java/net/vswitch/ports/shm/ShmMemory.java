package net.vswitch.ports.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import net.vswitch.natives.NativeException;
import net.vswitch.natives.libc.SysMemfd;
import net.vswitch.natives.libc.SysMman;
import net.vswitch.natives.libc.Unistd;

/**
 * A shared mapping of a descriptor: the switch's sealed memfd ({@link #sealed}) or the one a client
 * received ({@link #map}). The mapping lives in a shared arena, so {@link #close()} unmaps it only
 * when no thread is inside an access, and a later access fails with {@link IllegalStateException}
 * instead of touching unmapped memory.
 */
final class ShmMemory implements AutoCloseable
{
    static final int SEALS = SysMemfd.F_SEAL_SHRINK | SysMemfd.F_SEAL_GROW | SysMemfd.F_SEAL_SEAL;

    private final int fd;
    private final Arena arena;
    private final MemorySegment segment;
    private boolean closed;

    ShmMemory(final int fd, final Arena arena, final MemorySegment segment)
    {
        this.fd = fd;
        this.arena = arena;
        this.segment = segment;
    }

    /**
     * Creates a memfd of {@code length} bytes with every page allocated now (touching it later cannot
     * fail for lack of memory), sealed so that nobody can shrink or grow it, and maps it.
     */
    static ShmMemory sealed(final String name, final long length)
    {
        final int fd = SysMemfd.memfdCreate("vswitch-shm:" + name, SysMemfd.MFD_CLOEXEC | SysMemfd.MFD_ALLOW_SEALING);
        try
        {
            SysMemfd.ftruncate(fd, length);
            SysMemfd.fallocate(fd, 0, length);
            SysMemfd.addSeals(fd, SEALS);
            return map(fd, length);
        }
        catch (final RuntimeException ex)
        {
            Unistd.closeOrErrno(fd);
            throw ex;
        }
    }

    /** Maps {@code length} bytes of {@code fd} shared, read/write; the result owns {@code fd}. */
    static ShmMemory map(final int fd, final long length)
    {
        final MemorySegment raw = SysMman.mmap(length, SysMman.PROT_READ | SysMman.PROT_WRITE, SysMman.MAP_SHARED,
            fd, 0);
        final Arena arena = Arena.ofShared();
        return new ShmMemory(fd, arena, raw.reinterpret(length, arena, ShmMemory::unmap));
    }

    private static void unmap(final MemorySegment mapping)
    {
        try
        {
            SysMman.munmap(mapping);
        }
        catch (final NativeException ex)
        {
            System.err.println("vswitch: shm: " + ex.getMessage());
        }
    }

    int fd()
    {
        return fd;
    }

    MemorySegment segment()
    {
        return segment;
    }

    /** Unmaps and closes the descriptor; idempotent. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            arena.close();
        }
        finally
        {
            Unistd.closeOrErrno(fd);
        }
    }
}
