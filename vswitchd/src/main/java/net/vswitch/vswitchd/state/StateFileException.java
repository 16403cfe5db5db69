package net.vswitch.vswitchd.state;

import java.nio.file.Path;

/**
 * The state file cannot be read back: unreadable, torn, corrupt or of an unknown version. The message names
 * the file, the byte offset where the problem starts and the way out.
 */
public final class StateFileException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final long offset;

    public StateFileException(final Path file, final long offset, final String problem, final Throwable cause)
    {
        super("state file " + file + " at offset " + offset + ": " + problem + "; refusing to start without the"
            + " state it holds (start with --discard-state to move it aside and start from the config alone)", cause);
        this.file = file;
        this.offset = offset;
    }

    public Path file()
    {
        return file;
    }

    public long offset()
    {
        return offset;
    }
}
