package net.vswitch.logic.secgroups;

import java.util.Arrays;

/**
 * An immutable map from a 128-bit key (an {@link Address}'s two words, or a MAC in the low word) to a
 * non-negative int, open addressing with linear probing: lookups are allocation-free and need no lock
 * because the table never changes once built. Built by {@link #put} on the control thread, then published.
 */
final class AddressTable
{
    static final int NONE = -1;

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    AddressTable(final int expected)
    {
        final int capacity = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
        this.mask = capacity - 1;
        this.keys = new long[capacity * 2];
        this.values = new int[capacity];
        Arrays.fill(values, NONE);
    }

    private static int hash(final long high, final long low)
    {
        long h = (high * 0x9E3779B97F4A7C15L) ^ (low * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int)(h ^ (h >>> 29));
    }

    /** Maps the key to {@code value} (>= 0), replacing an older value. */
    void put(final long high, final long low, final int value)
    {
        if (size * 2 >= values.length)
        {
            throw new IllegalStateException("address table sized for fewer keys");
        }
        int i = hash(high, low) & mask;
        while (values[i] != NONE)
        {
            if (keys[i << 1] == high && keys[(i << 1) + 1] == low)
            {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i << 1] = high;
        keys[(i << 1) + 1] = low;
        values[i] = value;
        size++;
    }

    /** The value for the key, or {@link #NONE}. */
    int get(final long high, final long low)
    {
        int i = hash(high, low) & mask;
        while (true)
        {
            final int value = values[i];
            if (value == NONE)
            {
                return NONE;
            }
            if (keys[i << 1] == high && keys[(i << 1) + 1] == low)
            {
                return value;
            }
            i = (i + 1) & mask;
        }
    }

    int size()
    {
        return size;
    }
}
