package net.vswitch.vswitchd.ctl;

/**
 * One {@code vswitch ctl} command, registered with {@link CtlDispatcher#register}. The dispatcher
 * has already taken {@code --json} and {@code --switch NAME} out of the words.
 */
public interface CtlCommand
{
    /** The first word, e.g. {@code add-port}. */
    String name();

    /** Arguments after the name, e.g. {@code SPEC}; shown by {@code help} and in usage errors. */
    String usage();

    /** One line for {@code help}. */
    String summary();

    /**
     * Runs the command and answers through {@link CtlCall#reply}.
     *
     * @throws CtlException with a message naming what is wrong
     */
    void run(CtlCall call) throws CtlException;
}
