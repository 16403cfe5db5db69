package net.vswitch.fabric.plugin;

import net.vswitch.fabric.SwitchLogic;

/**
 * Makes a logic module available by name to the daemon ({@code --logic NAME}, {@code set-logic NAME},
 * {@code logic:} in the config file). A module registers its provider with {@link java.util.ServiceLoader}:
 * a file {@code META-INF/services/net.vswitch.fabric.plugin.LogicProvider} naming the class.
 */
public interface LogicProvider
{
    /** The NAME users type, e.g. {@code filter3}; lower case, no spaces. */
    String name();

    /** One line for {@code --help} and error messages. */
    default String description()
    {
        return "";
    }

    /**
     * Builds a fresh logic instance. Read every setting through {@code settings} and finish with
     * {@link LogicSettings#checkAllUsed()} so misspelt keys are refused with their name.
     *
     * @throws IllegalArgumentException (preferably {@link LogicSettings.InvalidSetting}) for a bad setting
     */
    SwitchLogic create(LogicSettings settings);
}
