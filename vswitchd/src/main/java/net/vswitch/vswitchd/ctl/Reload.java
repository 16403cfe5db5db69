package net.vswitch.vswitchd.ctl;

import java.util.List;

import net.vswitch.vswitchd.config.ConfigException;
import net.vswitch.vswitchd.daemon.DaemonException;

/** What {@code ctl reload} asks of the daemon: re-read the config and apply it, one line per change. */
@FunctionalInterface
public interface Reload
{
    List<String> reload() throws ConfigException, DaemonException;
}
