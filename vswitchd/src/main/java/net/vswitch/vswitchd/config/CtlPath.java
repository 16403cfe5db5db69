package net.vswitch.vswitchd.config;

import java.nio.file.Path;

/**
 * Where the control socket lives unless {@code --ctl} (or {@code ctl:} in the config) says otherwise:
 * {@code $VSWITCH_CTL} if set, else {@code $XDG_RUNTIME_DIR/vswitch.ctl} if that directory is set,
 * else {@code /tmp/vswitch.ctl}. The daemon's pid/lock file is the socket path plus {@code .pid}; its state
 * file sits beside it ({@link #defaultState}).
 */
public final class CtlPath
{
    public static final String ENV = "VSWITCH_CTL";
    public static final String FILE_NAME = "vswitch.ctl";
    public static final String FALLBACK = "/tmp/" + FILE_NAME;
    /** sun_path holds 108 bytes including the terminating NUL. */
    public static final int MAX_BYTES = 107;

    private CtlPath()
    {
    }

    public static Path defaultPath()
    {
        final String explicit = System.getenv(ENV);
        if (explicit != null && !explicit.isBlank())
        {
            return Path.of(explicit);
        }
        final String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank())
        {
            return Path.of(runtime, FILE_NAME);
        }
        return Path.of(FALLBACK);
    }

    /** The pid/lock file next to a control socket. */
    public static Path pidFile(final Path ctl)
    {
        return ctl.resolveSibling(ctl.getFileName() + ".pid");
    }

    /**
     * The state file when neither {@code --state} nor {@code state:} names one: beside the socket, its name
     * with {@code .ctl} replaced by {@code .state} ({@code /tmp/vswitch.ctl} keeps {@code /tmp/vswitch.state}).
     */
    public static Path defaultState(final Path ctl)
    {
        final String name = ctl.getFileName().toString();
        final String base = name.endsWith(".ctl") ? name.substring(0, name.length() - ".ctl".length()) : name;
        return ctl.resolveSibling(base + ".state");
    }

    /** Why this path cannot be a Unix socket path, or {@code null} when it can. */
    public static String problem(final Path ctl)
    {
        final int bytes = ctl.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES)
        {
            return "ctl socket path " + ctl + " is " + bytes + " bytes long; Unix sockets allow at most " + MAX_BYTES;
        }
        return null;
    }
}
