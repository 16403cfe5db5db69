package net.vswitch.logic.secgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The {@code secgroup} ctl words: what they answer and the exact errors for bad input. */
class SecgroupCommandsTest
{
    private final SecurityGroups groups = new SecurityGroups();
    private final SecgroupCommands commands = new SecgroupCommands(groups, null);

    private String run(final String line)
    {
        return commands.secgroup(Arrays.asList(line.split(" ")), false);
    }

    private String json(final String line)
    {
        return commands.secgroup(Arrays.asList(line.split(" ")), true);
    }

    private void refused(final String line, final String message)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> run(line));
        assertEquals(message, ex.getMessage());
    }

    @Test
    void shouldCreateAddRulesAndMembersAndShowThem()
    {
        assertEquals("created group web", run("create web"));
        assertEquals("created group db", run("create db"));
        assertEquals("1", run("rule-add web --direction ingress --protocol tcp --port-range 8080 --remote-group db"));
        assertEquals("2", run("rule-add web --direction egress"));
        assertEquals("{\"rule_id\":3}", json("rule-add db --direction ingress --ethertype IPv6 --protocol icmpv6 "
            + "--port-range 128 --remote-ip 2001:db8::/32"));
        assertEquals("4", run("rule-add db --direction ingress --protocol udp --port-range=1000:2000"));
        assertEquals("port p1 is a member of group web",
            run("member-add web --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.1,2001:db8::1"));
        assertEquals("group web: 2 rule(s), 1 member(s)\n"
            + "  rule 1: ingress IPv4 tcp 8080 remote-group db\n"
            + "  rule 2: egress IPv4 any\n"
            + "  member p1: mac 02:00:00:00:00:01 ip 10.0.0.1,2001:db8::1", run("show web"));
        assertEquals("{\"groups\":[{\"name\":\"db\",\"rules\":[{\"id\":3,\"direction\":\"ingress\",\"ethertype\":"
            + "\"IPv6\",\"protocol\":\"icmpv6\",\"port_range_min\":128,\"port_range_max\":null,\"remote_ip_prefix\":"
            + "\"2001:db8::/32\",\"remote_group\":null},{\"id\":4,\"direction\":\"ingress\",\"ethertype\":\"IPv4\","
            + "\"protocol\":\"udp\",\"port_range_min\":1000,\"port_range_max\":2000,\"remote_ip_prefix\":null,"
            + "\"remote_group\":null}],\"members\":[]}]}", json("show db"));
        assertEquals("deleted rule 1 of group web", run("rule-del web 1"));
        assertEquals("port p1 left group web", run("member-del web --port p1"));
        assertEquals("deleted group web", run("delete web"));
        assertEquals(List.of("db"), groups.groups().stream().map(Group::name).toList());
    }

    @Test
    void shouldNormaliseRemotePrefixesAndFullPortRanges()
    {
        run("create g");
        run("rule-add g --direction ingress --protocol tcp --port-range 1:65535 --remote-ip 10.1.2.3/8");
        final Rule rule = groups.group("g").rules().get(0);
        assertEquals("10.0.0.0/8", rule.remoteIp());
        assertEquals(-1, rule.portMin());
        assertEquals("ingress IPv4 tcp remote-ip 10.0.0.0/8", rule.describe());
    }

    @Test
    void shouldRefuseBadGroupsAndRulesNamingTheProblem()
    {
        run("create web");
        refused("create web", "group web already exists");
        refused("create bad/name", "bad group name 'bad/name': use 1..64 letters, digits or _.:@-");
        refused("delete nope", "no security group named 'nope'");
        refused("rule-add web --protocol tcp", "secgroup rule-add needs --direction ingress|egress");
        refused("rule-add web --direction sideways", "--direction must be ingress or egress, got 'sideways'");
        refused("rule-add web --direction ingress --protocol gre",
            "--protocol must be tcp, udp, icmp, icmpv6, any or a number 0..255, got 'gre'");
        refused("rule-add web --direction ingress --protocol tcp --port-range 80:20",
            "--port-range must be MIN[:MAX] with 1 <= MIN <= MAX <= 65535, got 80:20");
        refused("rule-add web --direction ingress --protocol tcp --port-range http",
            "--port-range must be MIN[:MAX] with numbers, got 'http'");
        refused("rule-add web --direction ingress --port-range 80",
            "--port-range needs --protocol tcp, udp, icmp or icmpv6 (got any)");
        refused("rule-add web --direction ingress --ethertype IPv6 --protocol icmp",
            "--protocol icmp is IPv4 only; use icmpv6 with --ethertype IPv6");
        refused("rule-add web --direction ingress --ethertype IPv4 --remote-ip 2001:db8::/32",
            "--remote-ip 2001:db8::/32 is not an IPv4 prefix");
        refused("rule-add web --direction ingress --remote-ip 10.0.0.0/33", "--remote-ip: bad prefix length in "
            + "'10.0.0.0/33' (0..32)");
        refused("rule-add web --direction ingress --remote-ip 10.0.0.0/8 --remote-group web",
            "give --remote-ip or --remote-group, not both");
        refused("rule-add web --direction ingress --remote-group nope", "--remote-group nope: no such group");
        refused("rule-add web --direction ingress --colour blue", "rule-add: unknown option --colour (options: "
            + "--direction --ethertype --port-range --protocol --remote-group --remote-ip)");
        refused("rule-add web --direction ingress --direction egress", "rule-add: --direction given twice");
        refused("rule-add web --direction", "rule-add: --direction needs a value");
        run("rule-add web --direction ingress --protocol tcp --port-range 22");
        refused("rule-add web --direction ingress --protocol tcp --port-range 22:22",
            "group web already has this rule: rule 1 (ingress IPv4 tcp 22)");
        refused("rule-del web 7", "group web has no rule 7");
        refused("rule-del web one", "RULE_ID must be a number, got 'one'");
        refused("frobnicate", "unknown secgroup command 'frobnicate'; " + SecgroupCommands.USAGE);
    }

    @Test
    void shouldRefuseBadMembersNamingTheProblem()
    {
        run("create web");
        run("create db");
        refused("member-add web --mac 02:00:00:00:00:01 --ip 10.0.0.1", "secgroup member-add needs --port NAME");
        refused("member-add web --port p1 --ip 10.0.0.1", "--mac is required: the MAC port p1 sends from");
        refused("member-add web --port p1 --mac 02:00:00:00:00:01", "--ip is required: the address(es) port p1 "
            + "sends from");
        refused("member-add web --port p1 --mac 01:00:5e:00:00:01 --ip 10.0.0.1",
            "MAC 01:00:5e:00:00:01 is not a unicast address a port may own");
        refused("member-add web --port p1 --mac zz:00:00:00:00:01 --ip 10.0.0.1",
            "'zz:00:00:00:00:01' is not a MAC address (aa:bb:cc:dd:ee:ff)");
        refused("member-add web --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.300",
            "'10.0.0.300' is not an IPv4 or IPv6 address");
        run("member-add web --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.1");
        refused("member-add web --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.1",
            "port p1 is already a member of group web");
        refused("member-add db --port p2 --mac 02:00:00:00:00:01 --ip 10.0.0.2", "MAC 02:00:00:00:00:01 belongs to "
            + "port p1");
        refused("member-add db --port p2 --mac 02:00:00:00:00:02 --ip 10.0.0.1", "address 10.0.0.1 belongs to port p1");
        // the same port may join a second group
        run("member-add db --port p1 --mac 02:00:00:00:00:01 --ip 10.0.0.1");
        refused("member-del web --port p9", "port p9 is not a member of group web");
        refused("delete web", "group web has 1 member(s) (p1); remove them first");
        run("rule-add db --direction ingress --remote-group web");
        run("member-del web --port p1");
        refused("delete web", "group web is the remote group of rule 1 of group db; delete that rule first");
        run("rule-del db 1");
        run("delete web");
    }
}
