package net.vswitch.natives.dpdk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and loads {@value #LIBRARY_NAME}, the small C shim built from
 * {@code native-bindings/src/main/c/vswitch_dpdk_shim.c}. The shim links DPDK's shared libraries, so
 * every DPDK symbol (exported functions and the shim's wrappers of static-inline ones) is resolved
 * through this one handle, once, into the {@code static final} method handles of the binding classes.
 *
 * <p>Where it looks, first match wins:
 * <ol>
 *   <li>the system property {@value #PATH_PROP_NAME} (the library file or its directory); when set,
 *       nothing else is tried;</li>
 *   <li>the environment variable {@value #PATH_ENV_NAME} (same, {@code :}-separated list allowed);</li>
 *   <li>the class path resource {@value #RESOURCE} (the build puts it in {@code target/classes} and so
 *       in the jar; a copy inside a jar is extracted to a temporary file first).</li>
 * </ol>
 * When none is found, it does not load, or its DPDK is not the release the struct layouts were written
 * for ({@link DpdkAbi}), {@link #available()} is false and {@link #require()} throws a
 * {@link DpdkUnavailableException} that says why and how to install DPDK.
 */
public final class DpdkLibrary
{
    public static final String LIBRARY_NAME = "libvswitch_dpdk.so";
    public static final String PATH_PROP_NAME = "vswitch.native.path";
    public static final String PATH_ENV_NAME = "VSWITCH_NATIVE_PATH";
    public static final String RESOURCE = "/net/vswitch/natives/dpdk/" + LIBRARY_NAME;
    public static final String INSTALL_HINT = "install DPDK with 'apt-get install libdpdk-dev pkg-config' and rebuild"
        + " (mvn package) so the DPDK shim " + LIBRARY_NAME + " is compiled";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP;
    private static final Path PATH;
    private static final String PROBLEM;

    static
    {
        final List<String> tried = new ArrayList<>();
        Path found = null;
        SymbolLookup lookup = null;
        String problem = null;
        try
        {
            found = locate(tried);
            if (found != null)
            {
                lookup = SymbolLookup.libraryLookup(found, Arena.global());
                // the layouts are hand-written for one DPDK release: refuse any other before a struct is read
                problem = DpdkAbi.problem(lookup, found);
                if (problem != null)
                {
                    lookup = null;
                }
            }
            else
            {
                problem = "DPDK is not available: " + LIBRARY_NAME + " not found (looked in " + String.join(", ", tried)
                    + "); " + INSTALL_HINT;
            }
        }
        catch (final RuntimeException | IOException ex)
        {
            problem = "DPDK is not available: cannot load " + found + ": " + ex.getMessage()
                + "; are DPDK's shared libraries installed (apt-get install dpdk libdpdk-dev)?";
        }
        LOOKUP = lookup;
        PATH = found;
        PROBLEM = problem;
    }

    private DpdkLibrary()
    {
    }

    /** Whether DPDK can be used in this process. */
    public static boolean available()
    {
        return LOOKUP != null;
    }

    /** Why DPDK cannot be used, or {@code null} when it can. */
    public static String problem()
    {
        return PROBLEM;
    }

    /** The shim that was loaded, or {@code null}. */
    public static Path path()
    {
        return PATH;
    }

    /** Throws a {@link DpdkUnavailableException} naming the problem and the fix unless DPDK is usable. */
    public static void require()
    {
        if (LOOKUP == null)
        {
            throw new DpdkUnavailableException(PROBLEM);
        }
    }

    /** The address of a symbol of the shim or of DPDK; fails with a clear message when it is missing. */
    public static MemorySegment symbol(final String name)
    {
        require();
        return LOOKUP.find(name).orElseThrow(() -> new DpdkUnavailableException("DPDK symbol " + name
            + " not found through " + PATH + "; this build expects DPDK 22.11 (ABI 23)"));
    }

    /** A downcall handle for a DPDK or shim function, resolved once by the binding classes. */
    public static MethodHandle downcall(final String name, final FunctionDescriptor descriptor,
        final Linker.Option... options)
    {
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    private static Path locate(final List<String> tried) throws IOException
    {
        final String property = System.getProperty(PATH_PROP_NAME);
        if (property != null && !property.isBlank())
        {
            // an explicit location is authoritative: no fallback to another copy
            return candidate(property, tried);
        }
        final String env = System.getenv(PATH_ENV_NAME);
        if (env != null && !env.isBlank())
        {
            for (final String entry : env.split(":"))
            {
                final Path path = entry.isBlank() ? null : candidate(entry, tried);
                if (path != null)
                {
                    return path;
                }
            }
        }
        tried.add("class path " + RESOURCE);
        final URL url = DpdkLibrary.class.getResource(RESOURCE);
        if (url == null)
        {
            return null;
        }
        if ("file".equals(url.getProtocol()))
        {
            try
            {
                return Path.of(url.toURI());
            }
            catch (final URISyntaxException ex)
            {
                throw new IOException(ex);
            }
        }
        final Path copy = Files.createTempFile("vswitch_dpdk", ".so");
        copy.toFile().deleteOnExit();
        try (InputStream in = url.openStream())
        {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }

    private static Path candidate(final String entry, final List<String> tried)
    {
        Path path = Path.of(entry);
        if (Files.isDirectory(path))
        {
            path = path.resolve(LIBRARY_NAME);
        }
        tried.add(path.toString());
        return Files.isRegularFile(path) ? path : null;
    }
}
