package net.vswitch.natives.libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

/**
 * Links libc functions once, the way jextract's generated {@code *_h} classes do: the bindings keep
 * the handles in static finals. Every handle captures {@code errno} (first argument: {@link Errno#state()}).
 */
public final class Libc
{
    private static final Linker LINKER = Linker.nativeLinker();

    private Libc()
    {
    }

    /** A downcall handle for {@code name} that captures errno. */
    public static MethodHandle downcall(final String name, final FunctionDescriptor descriptor,
        final Linker.Option... extra)
    {
        final MemorySegment symbol = LINKER.defaultLookup().find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        final Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = Errno.CAPTURE;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** {@code invokeExact} declares Throwable; a downcall only throws unchecked ones. */
    static RuntimeException unexpected(final Throwable ex)
    {
        if (ex instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (ex instanceof Error error)
        {
            throw error;
        }
        return new IllegalStateException("native call failed unexpectedly", ex);
    }
}
