package net.vswitch.natives.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The check {@link DpdkLibrary} makes when it loads the shim: the bindings lay DPDK's structs out by
 * hand for DPDK {@value #SUPPORTED}, so another DPDK release, or headers whose sizes or offsets differ
 * from the Java layouts, is refused with a message instead of read with wrong offsets. The shim
 * reports DPDK's version ({@code vs_version}) and, from the headers it was compiled with, the size of
 * every struct and the offset of every field the Java layouts name ({@code vs_abi}).
 */
public final class DpdkAbi
{
    /** The DPDK release (major.minor) whose struct layouts the bindings hold; any 22.11.x LTS fits. */
    public static final String SUPPORTED = "22.11";

    /** The structs Java lays out by hand; each is named as its C struct. */
    static final List<StructLayout> LAYOUTS = List.of(RteEthDevInfo.LAYOUT, RteEthStats.LAYOUT, RteEthLink.LAYOUT,
        RteEthXstat.LAYOUT, RteEthXstat.NAME_LAYOUT, RteEthConf.LAYOUT);

    private static final long ENTRY_BYTES = 16;

    private DpdkAbi()
    {
    }

    /**
     * Reads the shim's version and layout table and checks them.
     *
     * @param lookup the loaded shim
     * @param path   where it was loaded from, for the message
     * @return why the shim cannot be used, or {@code null} when it fits the bindings
     */
    static String problem(final SymbolLookup lookup, final Path path)
    {
        final Optional<MemorySegment> version = lookup.find("vs_version");
        final Optional<MemorySegment> abi = lookup.find("vs_abi");
        if (version.isEmpty() || abi.isEmpty())
        {
            return "DPDK is not available: " + path + " is a DPDK shim from an older build (no vs_abi); rebuild it"
                + " (mvn package)";
        }
        try (Arena arena = Arena.ofConfined())
        {
            final Linker linker = Linker.nativeLinker();
            final MethodHandle versionCall = linker.downcallHandle(version.get(), FunctionDescriptor.of(ADDRESS));
            final MethodHandle abiCall = linker.downcallHandle(abi.get(), FunctionDescriptor.of(ADDRESS, ADDRESS));
            final String text = ((MemorySegment)versionCall.invokeExact()).reinterpret(128).getString(0);
            final MemorySegment count = arena.allocate(JAVA_INT);
            final MemorySegment table = (MemorySegment)abiCall.invokeExact(count);
            return check(text, read(table, count.get(JAVA_INT, 0)));
        }
        catch (final Throwable ex)
        {
            return "DPDK is not available: cannot read the DPDK version and layouts from " + path + ": " + ex;
        }
    }

    /**
     * Compares DPDK's version and the headers' sizes and offsets with the bindings.
     *
     * @param version DPDK's version string, e.g. {@code DPDK 22.11.11}
     * @param headers {@code STRUCT} → sizeof, {@code STRUCT.FIELD} → offsetof, from the shim
     * @return why they do not fit, or {@code null} when they do
     */
    public static String check(final String version, final Map<String, Long> headers)
    {
        if (!version.equals("DPDK " + SUPPORTED) && !version.startsWith("DPDK " + SUPPORTED + "."))
        {
            return "DPDK is not available: found " + version + ", but the bindings are laid out for DPDK " + SUPPORTED
                + " (LTS, ABI 23) and another release's structs differ; install DPDK " + SUPPORTED
                + " (Debian 12: apt-get install libdpdk-dev dpdk) and rebuild (mvn package)";
        }
        final List<String> mismatches = new ArrayList<>();
        for (final StructLayout layout : LAYOUTS)
        {
            final String struct = layout.name().orElseThrow();
            final Long size = headers.get(struct);
            if (size == null)
            {
                mismatches.add("sizeof(" + struct + ") not reported by the shim");
            }
            else if (size != layout.byteSize())
            {
                mismatches.add("sizeof(" + struct + ") is " + size + " in the headers, " + layout.byteSize()
                    + " in the bindings");
            }
        }
        for (final Map.Entry<String, Long> entry : headers.entrySet())
        {
            final int dot = entry.getKey().indexOf('.');
            if (dot < 0)
            {
                continue;
            }
            final String struct = entry.getKey().substring(0, dot);
            final String field = entry.getKey().substring(dot + 1);
            final Long offset = offset(struct, field);
            if (offset == null)
            {
                mismatches.add(struct + "." + field + " has no Java layout");
            }
            else if (!offset.equals(entry.getValue()))
            {
                mismatches.add("offsetof(" + struct + ", " + field + ") is " + entry.getValue() + " in the headers, "
                    + offset + " in the bindings");
            }
        }
        if (mismatches.isEmpty())
        {
            return null;
        }
        return "DPDK is not available: " + version + "'s headers do not match the bindings' struct layouts ("
            + String.join("; ", mismatches) + "); install DPDK " + SUPPORTED
            + " as packaged (Debian 12: apt-get install libdpdk-dev dpdk) and rebuild (mvn package)";
    }

    private static Map<String, Long> read(final MemorySegment table, final int count)
    {
        final MemorySegment entries = table.reinterpret(count * ENTRY_BYTES);
        final Map<String, Long> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final String name = entries.get(ADDRESS, i * ENTRY_BYTES).reinterpret(256).getString(0);
            values.put(name, entries.get(JAVA_LONG, i * ENTRY_BYTES + 8));
        }
        return values;
    }

    private static Long offset(final String struct, final String field)
    {
        for (final StructLayout layout : LAYOUTS)
        {
            if (layout.name().orElseThrow().equals(struct))
            {
                try
                {
                    return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
                }
                catch (final IllegalArgumentException ex)
                {
                    return null;
                }
            }
        }
        return null;
    }
}
