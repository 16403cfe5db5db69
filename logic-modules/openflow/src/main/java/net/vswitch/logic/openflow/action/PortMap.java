package net.vswitch.logic.openflow.action;

/**
 * OpenFlow port numbers against fabric port indexes. Until the fabric's stable numbering lands
 * ({@code LogicContext.portNumber/portIndex}, branch fabric) this is the one place that maps them: number =
 * index + 1, and an index with no port attached has no number.
 */
public final class PortMap
{
    /** OpenFlow's reserved LOCAL port number; this switch has no local port. */
    public static final int OFPP_LOCAL = 0xFFFFFFFE;

    private volatile String[] names = new String[0];
    private volatile int[] attached = new int[0];

    /** Replaces the port list (control thread, on attach/detach). */
    public void ports(final String[] portNames)
    {
        names = portNames.clone();
        attached = attached();
    }

    /** The attached indexes without copying (do not modify): FLOOD on the data path reads it. */
    int[] attachedView()
    {
        return attached;
    }

    /** Records a port attached at {@code index}. */
    public synchronized void attach(final int index, final String name)
    {
        final String[] n = java.util.Arrays.copyOf(names, Math.max(names.length, index + 1));
        n[index] = name;
        ports(n);
    }

    /** Forgets the port at {@code index}. */
    public synchronized void detach(final int index)
    {
        if (index < names.length)
        {
            final String[] n = names.clone();
            n[index] = null;
            ports(n);
        }
    }

    public int ofport(final int index)
    {
        return index + 1;
    }

    /** The attached port's index, or -1. */
    public int index(final int ofport)
    {
        final String[] n = names;
        final int index = ofport - 1;
        return index >= 0 && index < n.length && n[index] != null ? index : -1;
    }

    /** Indexes of attached ports, for FLOOD beside other outputs. */
    public int[] attached()
    {
        final String[] n = names;
        int count = 0;
        for (final String name : n)
        {
            count += name != null ? 1 : 0;
        }
        final int[] out = new int[count];
        count = 0;
        for (int i = 0; i < n.length; i++)
        {
            if (n[i] != null)
            {
                out[count++] = i;
            }
        }
        return out;
    }

    /** The port's OpenFlow number, by number or by name; -1 when unknown. */
    public int parse(final String text)
    {
        final String[] n = names;
        for (int i = 0; i < n.length; i++)
        {
            if (text.equals(n[i]))
            {
                return ofport(i);
            }
        }
        return -1;
    }
}
