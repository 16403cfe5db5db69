package net.vswitch.logic.secgroups;

import java.util.List;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConnectionView;

/** The JSON the {@code --json} reads print (field names follow OpenStack's security-group API). */
final class Json
{
    private Json()
    {
    }

    static String string(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String nullable(final String text)
    {
        return text == null ? "null" : string(text);
    }

    private static String strings(final List<String> items)
    {
        final StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++)
        {
            out.append(i > 0 ? "," : "").append(string(items.get(i)));
        }
        return out.append(']').toString();
    }

    static String groups(final List<Group> groups)
    {
        final StringBuilder out = new StringBuilder("{\"groups\":[");
        for (int g = 0; g < groups.size(); g++)
        {
            final Group group = groups.get(g);
            out.append(g > 0 ? "," : "").append("{\"name\":").append(string(group.name())).append(",\"rules\":[");
            for (int r = 0; r < group.rules().size(); r++)
            {
                out.append(r > 0 ? "," : "").append(rule(group.rules().get(r)));
            }
            out.append("],\"members\":[");
            for (int m = 0; m < group.members().size(); m++)
            {
                final Member member = group.members().get(m);
                out.append(m > 0 ? "," : "").append("{\"port\":").append(string(member.port())).append(",\"macs\":")
                    .append(strings(member.macs())).append(",\"ips\":").append(strings(member.addresses()))
                    .append('}');
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }

    static String rule(final Rule rule)
    {
        return "{\"id\":" + rule.id() + ",\"direction\":" + string(rule.direction().word()) + ",\"ethertype\":"
            + string(rule.etherType().word()) + ",\"protocol\":" + string(Protocol.name(rule.protocol()))
            + ",\"port_range_min\":" + (rule.portMin() < 0 ? "null" : rule.portMin())
            + ",\"port_range_max\":" + (rule.portMax() < 0 ? "null" : rule.portMax())
            + ",\"remote_ip_prefix\":" + nullable(rule.remoteIp())
            + ",\"remote_group\":" + nullable(rule.remoteGroup()) + "}";
    }

    static String connections(final ConnectionTracker tracker, final int zone)
    {
        final StringBuilder out = new StringBuilder("{\"connections\":[");
        final boolean[] first = {true};
        tracker.forEach(c ->
        {
            if (zone == ConnectionTracker.ALL_ZONES || c.zone() == zone)
            {
                out.append(first[0] ? "" : ",").append(connection(c));
                first[0] = false;
            }
        });
        return out.append("]}").toString();
    }

    private static String connection(final ConnectionView c)
    {
        final boolean ports = c.protocol() == Packet.IPPROTO_TCP || c.protocol() == Packet.IPPROTO_UDP;
        return "{\"zone\":" + c.zone() + ",\"protocol\":" + string(Protocol.name(c.protocol()))
            + ",\"src\":" + string(c.origSrc().getHostAddress()) + ",\"dst\":" + string(c.origDst().getHostAddress())
            + (ports ? ",\"sport\":" + c.origSrcPort() + ",\"dport\":" + c.origDstPort() : ",\"id\":" + c.origSrcPort())
            + ",\"state\":" + string(c.protoState()) + ",\"established\":" + c.established()
            + ",\"mark\":" + (c.mark() & 0xFFFF_FFFFL)
            + ",\"expires_in_ms\":" + c.expiresInNanos() / 1_000_000 + "}";
    }
}
