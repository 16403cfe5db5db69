package net.vswitch.natives.libc;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import net.vswitch.natives.Errno;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <net/if.h>}: interface name to index. */
public final class NetIf
{
    public static final int IFNAMSIZ = 16;

    private static final MethodHandle IF_NAMETOINDEX =
        Libc.downcall("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private NetIf()
    {
    }

    /** {@code if_nametoindex(3)}; throws {@code "if_nametoindex: No such device"} for an unknown name. */
    public static int ifNameToIndex(final String name)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment state = Errno.state();
            final int index;
            try
            {
                index = (int)IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            }
            catch (final Throwable ex)
            {
                throw Libc.unexpected(ex);
            }
            if (index == 0)
            {
                throw Errno.exception("if_nametoindex", state);
            }
            return index;
        }
    }
}
