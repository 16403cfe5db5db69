package net.vswitch.logic.secgroups;

import java.util.List;

/**
 * A security group as it stands: its rules in the order added and its members in the order added.
 */
public record Group(String name, List<Rule> rules, List<Member> members)
{
    public Group
    {
        rules = List.copyOf(rules);
        members = List.copyOf(members);
    }

    /** The member for a port, or {@code null}. */
    public Member member(final String port)
    {
        for (final Member m : members)
        {
            if (m.port().equals(port))
            {
                return m;
            }
        }
        return null;
    }
}
