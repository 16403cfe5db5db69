package net.vswitch.logic.openflow.action;

import java.util.Arrays;

import net.vswitch.fabric.LogicContext;

/**
 * OpenFlow port numbers against fabric port indexes. The numbers are the fabric's stable ones
 * ({@link LogicContext#portNumber}: 1, 2, 3... in attach order, never reused after a detach), learnt at
 * {@code start} and from {@code portAttached(index, number, name)}. Snapshots are replaced whole, so the data path
 * reads them without locks.
 */
public final class PortMap
{
    private volatile String[] names = new String[0];
    private volatile int[] numbers = new int[0];
    private volatile int[] attached = new int[0];

    /** Takes the switch's current ports (at start). */
    public synchronized void ports(final LogicContext context)
    {
        final String[] n = context.portNames();
        final int[] numbered = new int[n.length];
        for (int i = 0; i < n.length; i++)
        {
            numbered[i] = n[i] == null ? -1 : context.portNumber(i);
        }
        publish(n, numbered);
    }

    /** Records a port attached at {@code index} with OpenFlow number {@code number}. */
    public synchronized void attach(final int index, final int number, final String name)
    {
        final int size = Math.max(names.length, index + 1);
        final String[] n = Arrays.copyOf(names, size);
        final int[] numbered = Arrays.copyOf(numbers, size);
        for (int i = names.length; i < size; i++)
        {
            numbered[i] = -1;
        }
        n[index] = name;
        numbered[index] = number;
        publish(n, numbered);
    }

    /** Forgets the port at {@code index}. */
    public synchronized void detach(final int index)
    {
        if (index < names.length)
        {
            final String[] n = names.clone();
            final int[] numbered = numbers.clone();
            n[index] = null;
            numbered[index] = -1;
            publish(n, numbered);
        }
    }

    private void publish(final String[] n, final int[] numbered)
    {
        int count = 0;
        for (final String name : n)
        {
            count += name != null ? 1 : 0;
        }
        final int[] a = new int[count];
        count = 0;
        for (int i = 0; i < n.length; i++)
        {
            if (n[i] != null)
            {
                a[count++] = i;
            }
        }
        numbers = numbered;
        names = n;
        attached = a;
    }

    /** The OpenFlow number of the port at {@code index}, or -1 (data path: one array read). */
    public int ofport(final int index)
    {
        final int[] n = numbers;
        return index >= 0 && index < n.length ? n[index] : -1;
    }

    /** The attached port's index for OpenFlow number {@code ofport}, or -1. */
    public int index(final int ofport)
    {
        final int[] n = numbers;
        for (int i = 0; i < n.length; i++)
        {
            if (n[i] == ofport && ofport > 0)
            {
                return i;
            }
        }
        return -1;
    }

    /** The name of the port at {@code index}, or {@code null}. */
    public String name(final int index)
    {
        final String[] n = names;
        return index >= 0 && index < n.length ? n[index] : null;
    }

    /** Indexes of attached ports (a copy). */
    public int[] attached()
    {
        return attached.clone();
    }

    /** The attached indexes without copying (do not modify): FLOOD on the data path reads it. */
    int[] attachedView()
    {
        return attached;
    }
}
