package net.vswitch.vswitchd.daemon;

import net.vswitch.vswitchd.config.ConfigException;
import net.vswitch.vswitchd.config.DaemonConfig;

/** Produces the effective config (file + flags) at start and again on {@code reload}. */
@FunctionalInterface
public interface ConfigSource
{
    DaemonConfig load() throws ConfigException;
}
