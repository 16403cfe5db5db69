package net.vswitch.natives.dpdk;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Bindings for {@code rte_dev.h}: hot-plugging devices (virtual devices added after EAL init). */
public final class RteDev
{
    private static final MethodHandle RTE_DEV_PROBE = DpdkLibrary.downcall("rte_dev_probe",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle RTE_DEV_REMOVE = DpdkLibrary.downcall("rte_dev_remove",
        FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private RteDev()
    {
    }

    /** {@code int rte_dev_probe(const char *devargs)}: 0 or a negative errno. */
    public static int rte_dev_probe(final MemorySegment devargs)
    {
        try
        {
            return (int)RTE_DEV_PROBE.invokeExact(devargs);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }

    /** {@code int rte_dev_remove(struct rte_device *dev)}: 0 or a negative errno. */
    public static int rte_dev_remove(final MemorySegment dev)
    {
        try
        {
            return (int)RTE_DEV_REMOVE.invokeExact(dev);
        }
        catch (final Throwable ex)
        {
            throw new AssertionError("should not reach here", ex);
        }
    }
}
