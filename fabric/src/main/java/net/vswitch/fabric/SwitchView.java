package net.vswitch.fabric;

/**
 * An immutable snapshot of a switch: its ports by index, the dense list of attached indexes (for
 * broadcast), and its logic. The control side builds a new one and publishes it whole; a batch
 * reads it once and works against it to the end.
 */
final class SwitchView
{
    final long version;
    final Port[] ports;
    final OutputRing[] outputs;
    final int[] active;
    final SwitchLogic logic;
    /** How many ports can receive a flood (attached and with an output ring). */
    final int floodTargets;

    SwitchView(final long version, final Port[] ports, final SwitchLogic logic)
    {
        this.version = version;
        this.ports = ports;
        this.logic = logic;
        this.outputs = new OutputRing[ports.length];
        int count = 0;
        int targets = 0;
        for (int i = 0; i < ports.length; i++)
        {
            if (ports[i] != null)
            {
                outputs[i] = ports[i].output();
                count++;
                if (outputs[i] != null)
                {
                    targets++;
                }
            }
        }
        this.floodTargets = targets;
        this.active = new int[count];
        for (int i = 0, j = 0; i < ports.length; i++)
        {
            if (ports[i] != null)
            {
                active[j++] = i;
            }
        }
    }
}
