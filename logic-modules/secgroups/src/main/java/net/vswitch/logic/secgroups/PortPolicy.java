package net.vswitch.logic.secgroups;

/**
 * What one member port may do, compiled from all its memberships: the source MACs and addresses it
 * may use, and the union of its groups' egress and ingress rules.
 */
final class PortPolicy
{
    final int port;
    final String name;
    final long[] macs;
    final long[] addressHigh;
    final long[] addressLow;
    /** Indexes of its groups in the {@link Policy}, sorted. */
    final int[] groups;
    final RuleSet egress;
    final RuleSet ingress;

    PortPolicy(final int port, final String name, final long[] macs, final long[] addressHigh,
        final long[] addressLow, final int[] groups, final RuleSet egress, final RuleSet ingress)
    {
        this.port = port;
        this.name = name;
        this.macs = macs;
        this.addressHigh = addressHigh;
        this.addressLow = addressLow;
        this.groups = groups;
        this.egress = egress;
        this.ingress = ingress;
    }

    boolean ownsMac(final long mac)
    {
        for (final long m : macs)
        {
            if (m == mac)
            {
                return true;
            }
        }
        return false;
    }

    /** Whether the port may use the address (two words as {@link Address} holds them). */
    boolean ownsAddress(final long high, final long low)
    {
        for (int i = 0; i < addressHigh.length; i++)
        {
            if (addressHigh[i] == high && addressLow[i] == low)
            {
                return true;
            }
        }
        return false;
    }

    RuleSet rules(final Direction direction)
    {
        return direction == Direction.EGRESS ? egress : ingress;
    }
}
