package net.vswitch.logic.secgroups;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The security groups of one switch, for embedding and for the {@code secgroup} ctl words: groups,
 * their rules and their members. Every change is checked first (a refused change changes nothing and
 * its message names what is wrong), then the whole new set of groups is handed to the listeners — the
 * {@link SecurityGroupsLogic} compiles it into the snapshot its data path reads. Thread-safe: changes
 * are serialized.
 */
public final class SecurityGroups
{
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");

    private final Map<String, Group> groups = new LinkedHashMap<>();
    /** Who owns each member MAC and address (the port name), kept in step with the members. */
    private final Map<Long, String> macOwners = new HashMap<>();
    private final Map<Address, String> addressOwners = new HashMap<>();
    /** Nesting depth of {@link #batch}: publishing waits until the outermost batch ends. */
    private int batchDepth;
    private boolean changed;
    private final List<Consumer<List<Group>>> listeners = new CopyOnWriteArrayList<>();
    private int nextRuleId = 1;
    private List<Group> snapshot = List.of();

    /** Creates an empty group. */
    public synchronized void create(final String name)
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("bad group name '" + name + "': use 1..64 letters, digits or _.:@-");
        }
        if (groups.containsKey(name))
        {
            throw new IllegalArgumentException("group " + name + " already exists");
        }
        groups.put(name, new Group(name, List.of(), List.of()));
        publish();
    }

    /** Deletes a group that has no members and is no other group's remote group. */
    public synchronized void delete(final String name)
    {
        final Group group = group(name);
        if (!group.members().isEmpty())
        {
            final List<String> ports = new ArrayList<>();
            group.members().forEach(m -> ports.add(m.port()));
            throw new IllegalArgumentException("group " + name + " has " + ports.size() + " member(s) ("
                + String.join(", ", ports) + "); remove them first");
        }
        for (final Group other : groups.values())
        {
            for (final Rule rule : other.rules())
            {
                if (name.equals(rule.remoteGroup()) && !other.name().equals(name))
                {
                    throw new IllegalArgumentException("group " + name + " is the remote group of rule " + rule.id()
                        + " of group " + other.name() + "; delete that rule first");
                }
            }
        }
        groups.remove(name);
        publish();
    }

    /**
     * Adds a rule to a group.
     *
     * @return the new rule's id
     */
    public synchronized int addRule(final String groupName, final RuleSpec spec)
    {
        final Group group = group(groupName);
        final Rule rule = spec.toRule(nextRuleId, groupName);
        if (rule.remoteGroup() != null && !groups.containsKey(rule.remoteGroup()))
        {
            throw new IllegalArgumentException("--remote-group " + rule.remoteGroup() + ": no such group");
        }
        for (final Rule existing : group.rules())
        {
            if (existing.sameAs(rule))
            {
                throw new IllegalArgumentException("group " + groupName + " already has this rule: rule "
                    + existing.id() + " (" + existing.describe() + ")");
            }
        }
        nextRuleId++;
        final List<Rule> rules = new ArrayList<>(group.rules());
        rules.add(rule);
        groups.put(groupName, new Group(groupName, rules, group.members()));
        publish();
        return rule.id();
    }

    /** Deletes a rule; connections it alone allowed stop at once. */
    public synchronized void deleteRule(final String groupName, final int ruleId)
    {
        final Group group = group(groupName);
        final List<Rule> rules = new ArrayList<>(group.rules());
        if (!rules.removeIf(r -> r.id() == ruleId))
        {
            throw new IllegalArgumentException("group " + groupName + " has no rule " + ruleId);
        }
        groups.put(groupName, new Group(groupName, rules, group.members()));
        publish();
    }

    /**
     * Makes a port a member of a group. A port may be in several groups; what it may send from is the
     * union of its memberships' addresses. No two ports may own the same MAC or IP address.
     *
     * @param macs      one or more MACs
     * @param addresses one or more IPv4/IPv6 addresses
     */
    public synchronized void addMember(final String groupName, final String port, final List<String> macs,
        final List<String> addresses)
    {
        final Group group = group(groupName);
        if (port == null || port.isBlank())
        {
            throw new IllegalArgumentException("--port needs a port name");
        }
        if (group.member(port) != null)
        {
            throw new IllegalArgumentException("port " + port + " is already a member of group " + groupName);
        }
        if (macs.isEmpty())
        {
            throw new IllegalArgumentException("--mac is required: the MAC port " + port + " sends from");
        }
        if (addresses.isEmpty())
        {
            throw new IllegalArgumentException("--ip is required: the address(es) port " + port + " sends from");
        }
        final List<String> macTexts = new ArrayList<>();
        for (final String text : macs)
        {
            final long mac = Mac.parse(text);
            final String owner = macOwners.get(mac);
            if (owner != null && !owner.equals(port))
            {
                throw new IllegalArgumentException("MAC " + Mac.format(mac) + " belongs to port " + owner);
            }
            macTexts.add(Mac.format(mac));
        }
        final List<String> addressTexts = new ArrayList<>();
        for (final String text : addresses)
        {
            final Address address = Address.parse(text);
            if (address.isUnspecified())
            {
                throw new IllegalArgumentException("--ip " + text + " is the unspecified address");
            }
            final String owner = addressOwners.get(address);
            if (owner != null && !owner.equals(port))
            {
                throw new IllegalArgumentException("address " + address + " belongs to port " + owner);
            }
            addressTexts.add(address.toString());
        }
        final List<Member> members = new ArrayList<>(group.members());
        members.add(new Member(port, macTexts, addressTexts));
        groups.put(groupName, new Group(groupName, group.rules(), members));
        own(port, macTexts, addressTexts);
        publish();
    }

    /** Removes a port from a group; connections only that membership allowed stop at once. */
    public synchronized void removeMember(final String groupName, final String port)
    {
        final Group group = group(groupName);
        final List<Member> members = new ArrayList<>(group.members());
        if (!members.removeIf(m -> m.port().equals(port)))
        {
            throw new IllegalArgumentException("port " + port + " is not a member of group " + groupName);
        }
        groups.put(groupName, new Group(groupName, group.rules(), members));
        macOwners.values().removeIf(port::equals);
        addressOwners.values().removeIf(port::equals);
        for (final Group g : groups.values())
        {
            final Member still = g.member(port);
            if (still != null)
            {
                own(port, still.macs(), still.addresses());
            }
        }
        publish();
    }

    /** The groups as they stand, in the order created. */
    public synchronized List<Group> groups()
    {
        return snapshot;
    }

    /**
     * The group named, or an error naming it.
     *
     * @throws IllegalArgumentException when there is no such group
     */
    public synchronized Group group(final String name)
    {
        final Group group = groups.get(name);
        if (group == null)
        {
            throw new IllegalArgumentException("no security group named '" + name + "'");
        }
        return group;
    }

    /**
     * Calls {@code listener} with the groups now and after every change (under this object's lock, so
     * calls arrive in order).
     */
    public synchronized void listen(final Consumer<List<Group>> listener)
    {
        listeners.add(listener);
        listener.accept(snapshot);
    }

    public void unlisten(final Consumer<List<Group>> listener)
    {
        listeners.remove(listener);
    }

    private void own(final String port, final List<String> macs, final List<String> addresses)
    {
        for (final String mac : macs)
        {
            macOwners.put(Mac.parse(mac), port);
        }
        for (final String address : addresses)
        {
            addressOwners.put(Address.parse(address), port);
        }
    }

    /**
     * Runs several changes and hands the listeners the result once (a groups file, an orchestrator's
     * bulk load: compiling after each of thousands of changes would cost quadratic time). A change that
     * throws ends the batch: the ones before it stay, and are published.
     */
    public synchronized void batch(final Consumer<SecurityGroups> changes)
    {
        batchDepth++;
        try
        {
            changes.accept(this);
        }
        finally
        {
            batchDepth--;
            if (batchDepth == 0 && changed)
            {
                publish();
            }
        }
    }

    /** The next rule id {@link #addRule} gives (ids are never reused). */
    synchronized int nextRuleId()
    {
        return nextRuleId;
    }

    /**
     * Replaces every group at once, keeping the given rule ids ({@link SecgroupState}: the daemon's state
     * file). Everything is checked on a scratch copy first, with the same checks as the single changes, so
     * a bad state changes nothing; listeners see the result once.
     *
     * @throws IllegalArgumentException naming the group, rule or member that is wrong
     */
    synchronized void replaceAll(final List<Group> restored, final int next)
    {
        final SecurityGroups scratch = new SecurityGroups();
        for (final Group group : restored)
        {
            scratch.create(group.name());
        }
        final java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (final Group group : restored)
        {
            for (final Rule rule : group.rules())
            {
                if (!ids.add(rule.id()) || rule.id() < 1)
                {
                    throw new IllegalArgumentException("rule id " + rule.id() + " of group " + group.name()
                        + " is not a unique positive id");
                }
                scratch.nextRuleId = rule.id();
                final RuleSpec spec = new RuleSpec(rule.direction()).etherType(rule.etherType())
                    .protocol(rule.protocol()).portRange(rule.portMin(), rule.portMax()).remoteIp(rule.remoteIp())
                    .remoteGroup(rule.remoteGroup());
                scratch.addRule(group.name(), spec);
            }
            for (final Member member : group.members())
            {
                scratch.addMember(group.name(), member.port(), member.macs(), member.addresses());
            }
        }
        int highest = 0;
        for (final int id : ids)
        {
            highest = Math.max(highest, id);
        }
        groups.clear();
        groups.putAll(scratch.groups);
        macOwners.clear();
        macOwners.putAll(scratch.macOwners);
        addressOwners.clear();
        addressOwners.putAll(scratch.addressOwners);
        nextRuleId = Math.max(next, highest + 1);
        publish();
    }

    private void publish()
    {
        if (batchDepth > 0)
        {
            changed = true;
            return;
        }
        changed = false;
        snapshot = Collections.unmodifiableList(new ArrayList<>(groups.values()));
        for (final Consumer<List<Group>> listener : listeners)
        {
            listener.accept(snapshot);
        }
    }
}
