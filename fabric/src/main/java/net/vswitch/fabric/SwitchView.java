package net.vswitch.fabric;

/**
 * An immutable snapshot of a switch: its ports by index, the dense list of attached indexes (for
 * broadcast), the stable port numbers (by index, and sorted for number-to-index lookups), and its logic.
 * The control side builds a new one and publishes it whole; a batch
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
    /** Stable port number by index, -1 where no port is attached. */
    final int[] numbers;
    /** Attached ports' numbers in ascending order, and the index of each (binary search, no allocation). */
    private final int[] sortedNumbers;
    private final int[] sortedIndexes;

    SwitchView(final long version, final Port[] ports, final SwitchLogic logic)
    {
        this.version = version;
        this.ports = ports;
        this.logic = logic;
        this.outputs = new OutputRing[ports.length];
        this.numbers = new int[ports.length];
        int count = 0;
        int targets = 0;
        for (int i = 0; i < ports.length; i++)
        {
            numbers[i] = ports[i] == null ? -1 : ports[i].number();
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
        final long[] byNumber = new long[count];
        for (int j = 0; j < count; j++)
        {
            byNumber[j] = ((long)numbers[active[j]] << 32) | active[j];
        }
        java.util.Arrays.sort(byNumber);
        this.sortedNumbers = new int[count];
        this.sortedIndexes = new int[count];
        for (int j = 0; j < count; j++)
        {
            sortedNumbers[j] = (int)(byNumber[j] >>> 32);
            sortedIndexes[j] = (int)byNumber[j];
        }
    }

    int number(final int index)
    {
        return index >= 0 && index < numbers.length ? numbers[index] : -1;
    }

    int index(final int number)
    {
        final int at = java.util.Arrays.binarySearch(sortedNumbers, number);
        return at < 0 ? -1 : sortedIndexes[at];
    }
}
