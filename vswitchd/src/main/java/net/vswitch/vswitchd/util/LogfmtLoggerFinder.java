package net.vswitch.vswitchd.util;

/**
 * The daemon's {@link System.LoggerFinder}: every {@link System.Logger} in the {@code vswitch} process,
 * ours and the libraries', prints logfmt lines on stderr ({@link LogfmtLogger}). Registered in this
 * module's {@code META-INF/services/java.lang.System$LoggerFinder}, so it is active wherever the
 * {@code vswitchd} jar is on the class path; an application embedding the fabric and the modules without
 * the daemon keeps its own logging.
 */
public final class LogfmtLoggerFinder extends System.LoggerFinder
{
    @Override
    public System.Logger getLogger(final String name, final Module module)
    {
        return new LogfmtLogger(name, System.err);
    }
}
