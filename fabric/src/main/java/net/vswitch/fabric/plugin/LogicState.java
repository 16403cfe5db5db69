package net.vswitch.fabric.plugin;

import java.util.List;

/**
 * Optional side of a {@link net.vswitch.fabric.SwitchLogic} whose runtime state (what users add with
 * {@code ctl}: reservations, mappings, flows, security groups...) must survive a restart. The daemon
 * stores {@link #exportState()} in its state file after every mutating command and hands it back to
 * {@link #importState} of a fresh instance at start, before any port is attached, so no packet is
 * forwarded by a module that has not got its state back. The daemon names no module: a user's module
 * implements this interface and is stored the same way. See {@code docs/state.md}.
 *
 * <p>The exported value is a JSON tree: {@link java.util.Map} (string keys), {@link List}, strings,
 * numbers, booleans and {@code null} (what {@link ControlJson#write} accepts and what a JSON parser gives
 * back: integers come back as {@code Integer}, {@code Long} or {@code BigInteger}, so read numbers
 * through {@link Number}). Ports are named by port name, never by index: indexes are given again
 * at restart, in the order ports are attached. Called on control threads only.
 */
public interface LogicState
{
    /** A stable name of the form, e.g. {@code filter3}; stored with the state and checked at import. */
    String stateFormat();

    /** The version of the form {@link #exportState()} writes; raise it when the form changes. */
    int stateVersion();

    /** The module's durable state as a JSON tree (see the class comment); a copy, never a live view. */
    Object exportState();

    /**
     * Replaces the module's state with one {@link #exportState()} returned earlier (possibly by an
     * older version of the module).
     *
     * @param version   the {@link #stateVersion()} that exported {@code state}
     * @param state     the JSON tree
     * @param portNames {@code portNames[i]} is the name of the port that will have index {@code i}
     *                  once the daemon attaches the ports (entries may be {@code null})
     * @throws IllegalArgumentException naming what is wrong (unknown version, bad member); the daemon
     *                                  then refuses to start rather than run without the state
     */
    void importState(int version, Object state, String[] portNames);

    /**
     * Whether a ctl command may change {@link #exportState()}; the daemon stores the state after such a
     * command and before it answers. Read-only commands return {@code false} so they cost no write.
     * The default says every command may change it, which is always safe.
     */
    default boolean mutates(final String command, final List<String> args)
    {
        return true;
    }
}
