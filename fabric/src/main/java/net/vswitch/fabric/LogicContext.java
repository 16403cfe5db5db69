package net.vswitch.fabric;

/**
 * What a logic module may know of the switch it runs on: its ports (names, indexes) and its clock.
 */
public interface LogicContext
{
    String switchName();

    /** Current port names by index ({@code null} where no port is attached). */
    String[] portNames();

    Clock clock();
}
