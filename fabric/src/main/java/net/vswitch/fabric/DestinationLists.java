package net.vswitch.fabric;

/**
 * Phase-1 scratchpad (mSwitch Fig. 3): one linked list of packet indexes per destination, built by
 * appending at the tail, plus the list of destinations touched by this batch in first-touch order.
 * A batch epoch marks what is live, so nothing is cleared per batch and nothing is proportional to
 * the number of attached ports.
 */
final class DestinationLists
{
    static final int END = -1;

    private int[] head = new int[0];
    private int[] tail = new int[0];
    private int[] count = new int[0];
    private int[] maxLength = new int[0];
    private int[] epochOf = new int[0];
    private int[] touched = new int[0];
    private int[] emitHead = new int[0];
    private int[] emitTail = new int[0];
    private int[] next;
    private int touchedCount;
    private int epoch;

    // the separate list for floods and multi-output packets, in batch order
    private int[] shared;
    private int sharedCount;

    DestinationLists(final int maxBatch)
    {
        next = new int[maxBatch];
        shared = new int[maxBatch];
    }

    /** Starts a batch; grows scratch only when the port table or the batch grew (control-path rate). */
    void begin(final int ports, final int batchSize)
    {
        if (head.length < ports)
        {
            final int size = Math.max(ports, 16);
            head = new int[size];
            tail = new int[size];
            count = new int[size];
            maxLength = new int[size];
            epochOf = new int[size];
            touched = new int[size];
            emitHead = new int[size];
            emitTail = new int[size];
            epoch = 0;
        }
        if (next.length < batchSize)
        {
            next = new int[batchSize];
            shared = new int[batchSize];
        }
        touchedCount = 0;
        sharedCount = 0;
        if (++epoch == 0)
        {
            java.util.Arrays.fill(epochOf, 0);
            epoch = 1;
        }
    }

    void append(final int destination, final int packetIndex, final int length)
    {
        next[packetIndex] = END;
        if (epochOf[destination] != epoch)
        {
            epochOf[destination] = epoch;
            head[destination] = packetIndex;
            tail[destination] = packetIndex;
            count[destination] = 1;
            maxLength[destination] = length;
            emitHead[destination] = END;
            touched[touchedCount++] = destination;
        }
        else
        {
            if (tail[destination] == END)
            {
                head[destination] = packetIndex; // touched by a multi-output packet first
            }
            else
            {
                next[tail[destination]] = packetIndex;
            }
            tail[destination] = packetIndex;
            count[destination]++;
            if (length > maxLength[destination])
            {
                maxLength[destination] = length;
            }
        }
    }

    /** Marks a destination as visited by phase 2 without adding a packet (multi-output targets). */
    void touch(final int destination)
    {
        if (epochOf[destination] != epoch)
        {
            epochOf[destination] = epoch;
            head[destination] = END;
            tail[destination] = END;
            count[destination] = 0;
            maxLength[destination] = 0;
            emitHead[destination] = END;
            touched[touchedCount++] = destination;
        }
    }

    /** Links an emitted copy (a record of {@code scratch}) at the end of the destination's emit list. */
    void appendEmit(final int destination, final int record, final EmitScratch scratch)
    {
        touch(destination);
        if (emitHead[destination] == END)
        {
            emitHead[destination] = record;
        }
        else
        {
            scratch.next(emitTail[destination], record);
        }
        emitTail[destination] = record;
    }

    /** First emitted copy for a touched destination, or {@link #END}. */
    int emitHead(final int destination)
    {
        return emitHead[destination];
    }

    /** Empties a touched destination's emit list (before relinking its copies in packet order). */
    void clearEmits(final int destination)
    {
        emitHead[destination] = END;
    }

    boolean touched(final int destination)
    {
        return destination < epochOf.length && epochOf[destination] == epoch;
    }

    void appendShared(final int packetIndex)
    {
        shared[sharedCount++] = packetIndex;
    }

    int touchedCount()
    {
        return touchedCount;
    }

    int touchedAt(final int i)
    {
        return touched[i];
    }

    int head(final int destination)
    {
        return head[destination];
    }

    int next(final int packetIndex)
    {
        return next[packetIndex];
    }

    int count(final int destination)
    {
        return count[destination];
    }

    int maxLength(final int destination)
    {
        return maxLength[destination];
    }

    int sharedCount()
    {
        return sharedCount;
    }

    int sharedAt(final int i)
    {
        return shared[i];
    }
}
