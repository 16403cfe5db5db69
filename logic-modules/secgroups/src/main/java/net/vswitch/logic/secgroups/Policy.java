package net.vswitch.logic.secgroups;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The security groups compiled for the data path against the switch's current ports: per port index
 * its {@link PortPolicy} (or none: the port is in no group and forwards as a learning bridge), member
 * MACs to ports, and member addresses to the groups they are in (for remote-group rules). Immutable: a
 * change builds a new one and the logic swaps it in whole.
 */
final class Policy
{
    static final Policy EMPTY = compile(List.of(), new String[0]);

    private static final PortPolicy[] NO_PORTS = new PortPolicy[0];

    private final PortPolicy[] byPort;
    private final AddressTable macPorts;
    private final AddressTable addressOwners;
    private final int[][] ownerGroups;
    /** Attached ports in no group, for floods that must not reach members unchecked. */
    final int[] plainPorts;
    /** Attached member ports. */
    final int[] memberPorts;
    final int groupCount;
    final int ruleCount;

    private Policy(final PortPolicy[] byPort, final AddressTable macPorts, final AddressTable addressOwners,
        final int[][] ownerGroups, final int[] plainPorts, final int[] memberPorts, final int groupCount,
        final int ruleCount)
    {
        this.byPort = byPort;
        this.macPorts = macPorts;
        this.addressOwners = addressOwners;
        this.ownerGroups = ownerGroups;
        this.plainPorts = plainPorts;
        this.memberPorts = memberPorts;
        this.groupCount = groupCount;
        this.ruleCount = ruleCount;
    }

    /** The port's policy, or {@code null} when it is in no group. */
    PortPolicy port(final int index)
    {
        return index >= 0 && index < byPort.length ? byPort[index] : null;
    }

    boolean hasMembers()
    {
        return memberPorts.length > 0;
    }

    /** The member port owning the MAC, or -1. */
    int portOfMac(final long mac)
    {
        return macPorts.get(0, mac);
    }

    /** Sorted group indexes of the member owning the address, or {@code null}. */
    int[] groupsOf(final long high, final long low)
    {
        final int owner = addressOwners.get(high, low);
        return owner == AddressTable.NONE ? null : ownerGroups[owner];
    }

    /**
     * Compiles the groups for the ports now attached.
     *
     * @param portNames port names by index, {@code null} where nothing is attached
     */
    static Policy compile(final List<Group> groups, final String[] portNames)
    {
        final Map<String, Integer> groupIndex = new HashMap<>();
        for (int i = 0; i < groups.size(); i++)
        {
            groupIndex.put(groups.get(i).name(), i);
        }
        final Map<String, Integer> portIndex = new HashMap<>();
        for (int i = 0; i < portNames.length; i++)
        {
            if (portNames[i] != null)
            {
                portIndex.put(portNames[i], i);
            }
        }
        // per member port name: its groups, MACs and addresses (union over memberships)
        final Map<String, TreeSet<Integer>> portGroups = new LinkedHashMap<>();
        final Map<String, Set<Long>> portMacs = new HashMap<>();
        final Map<String, Set<Address>> portAddresses = new HashMap<>();
        int rules = 0;
        for (int g = 0; g < groups.size(); g++)
        {
            final Group group = groups.get(g);
            rules += group.rules().size();
            for (final Member m : group.members())
            {
                portGroups.computeIfAbsent(m.port(), k -> new TreeSet<>()).add(g);
                final Set<Long> macs = portMacs.computeIfAbsent(m.port(), k -> new LinkedHashSet<>());
                final Set<Address> addresses = portAddresses.computeIfAbsent(m.port(), k -> new LinkedHashSet<>());
                for (final String mac : m.macs())
                {
                    macs.add(Mac.parse(mac));
                }
                for (final String a : m.addresses())
                {
                    addresses.add(Address.parse(a));
                }
            }
        }
        final PortPolicy[] byPort = portGroups.isEmpty() ? NO_PORTS : new PortPolicy[portNames.length];
        final AddressTable macPorts = new AddressTable(portMacs.values().stream().mapToInt(Set::size).sum());
        int addressCount = 0;
        for (final Set<Address> set : portAddresses.values())
        {
            addressCount += set.size();
        }
        final AddressTable owners = new AddressTable(addressCount);
        final int[][] ownerGroups = new int[portGroups.size()][];
        final List<Integer> members = new ArrayList<>();
        int owner = 0;
        for (final Map.Entry<String, TreeSet<Integer>> e : portGroups.entrySet())
        {
            final String name = e.getKey();
            final int[] memberOf = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            ownerGroups[owner] = memberOf;
            for (final Address a : portAddresses.get(name))
            {
                owners.put(a.high(), a.low(), owner);
            }
            owner++;
            final Integer index = portIndex.get(name);
            if (index == null)
            {
                continue;
            }
            final long[] macs = portMacs.get(name).stream().mapToLong(Long::longValue).toArray();
            final Set<Address> allowed = new LinkedHashSet<>(portAddresses.get(name));
            for (final long mac : macs)
            {
                macPorts.put(0, mac, index);
                allowed.add(Address.linkLocal(mac));
            }
            final long[] high = allowed.stream().mapToLong(Address::high).toArray();
            final long[] low = allowed.stream().mapToLong(Address::low).toArray();
            final RuleSet.Builder egress = new RuleSet.Builder();
            final RuleSet.Builder ingress = new RuleSet.Builder();
            for (final int g : memberOf)
            {
                for (final Rule rule : groups.get(g).rules())
                {
                    final Integer remote = rule.remoteGroup() == null ? null : groupIndex.get(rule.remoteGroup());
                    final CompiledRule compiled = new CompiledRule(rule, remote == null ? -1 : remote);
                    (rule.direction() == Direction.EGRESS ? egress : ingress).add(rule, compiled);
                }
            }
            byPort[index] = new PortPolicy(index, name, macs, high, low, memberOf, egress.build(), ingress.build());
            members.add(index);
        }
        final List<Integer> plain = new ArrayList<>();
        for (int i = 0; i < portNames.length; i++)
        {
            if (portNames[i] != null && (i >= byPort.length || byPort[i] == null))
            {
                plain.add(i);
            }
        }
        final int[] memberPorts = members.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Policy(byPort, macPorts, owners, ownerGroups, plain.stream().mapToInt(Integer::intValue).toArray(),
            memberPorts, groups.size(), rules);
    }

    @Override
    public String toString()
    {
        return "Policy{groups=" + groupCount + ", rules=" + ruleCount + ", members=" + Arrays.toString(memberPorts)
            + "}";
    }
}
