package net.vswitch.logic.openflow.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.FieldFormat;
import net.vswitch.logic.openflow.match.FlowKey;

/**
 * Parses single actions in ovs-ofctl's syntax. Actions are table-driven: {@link #register} adds a name (a later
 * issue's {@code softflow(...)} or {@code ct(...)}) without touching this class.
 */
public final class ActionParser
{
    private static final Map<String, Function<String, Action>> PARSERS = new ConcurrentHashMap<>();

    static
    {
        register("output", ActionParser::output);
        register("in_port", arg -> new Actions.InPort());
        register("flood", arg -> new Actions.Flood(false));
        register("all", arg -> new Actions.Flood(true));
        register("controller", ActionParser::controller);
        register("local", arg ->
        {
            throw new IllegalArgumentException("action LOCAL: this switch has no local port (output to a port number)");
        });
        register("normal", arg ->
        {
            throw new IllegalArgumentException("action NORMAL is not supported by the openflow logic: use explicit "
                + "outputs, FLOOD, or the bridge logic");
        });
        register("set_field", ActionParser::setField);
        register("load", ActionParser::load);
        register("move", ActionParser::move);
        register("push_vlan", arg -> new Actions.PushVlan(arg == null ? Packet.ETHERTYPE_VLAN : (int)integer(arg)));
        register("pop_vlan", arg -> new Actions.PopVlan("pop_vlan"));
        register("strip_vlan", arg -> new Actions.PopVlan("strip_vlan"));
        register("mod_vlan_vid",
            arg -> mod("mod_vlan_vid", Field.VLAN_VID, FlowKey.VLAN_CFI | integer(arg), 0x1FFF, arg));
        register("mod_vlan_pcp", arg -> mod("mod_vlan_pcp", Field.DL_VLAN_PCP, integer(arg), 0x7, arg));
        register("mod_dl_src", arg -> setFieldAs(Field.ETH_SRC, arg));
        register("mod_dl_dst", arg -> setFieldAs(Field.ETH_DST, arg));
        register("mod_nw_src", arg -> setFieldAs(Field.IPV4_SRC, arg));
        register("mod_nw_dst", arg -> setFieldAs(Field.IPV4_DST, arg));
        register("mod_nw_tos", arg -> mod("mod_nw_tos", Field.IP_DSCP, integer(arg) >>> 2, 0x3F, arg));
        register("mod_nw_ecn", arg -> mod("mod_nw_ecn", Field.IP_ECN, integer(arg), 0x3, arg));
        register("mod_nw_ttl", arg -> mod("mod_nw_ttl", Field.NW_TTL, integer(arg), 0xFF, arg));
        register("mod_tp_src", arg -> mod("mod_tp_src", Field.TP_SRC, integer(arg), 0xFFFF, arg));
        register("mod_tp_dst", arg -> mod("mod_tp_dst", Field.TP_DST, integer(arg), 0xFFFF, arg));
        register("dec_ttl", arg -> new Actions.DecTtl());
        register("resubmit", ActionParser::resubmit);
        register("group", arg -> new Actions.Group((int)integer(required("group", arg))));
        register("drop", arg -> null);
        net.vswitch.logic.openflow.ct.CtAction.register();
        net.vswitch.logic.openflow.softflow.SoftFlowOp.register();
    }

    private ActionParser()
    {
    }

    /** Adds (or replaces) the parser for action {@code name}; {@code parser} gets the argument or null. */
    public static void register(final String name, final Function<String, Action> parser)
    {
        PARSERS.put(name, parser);
    }

    /**
     * Parses one action, e.g. {@code output:2}, {@code set_field:10.0.0.1->ip_dst}, {@code resubmit(,3)} or a bare
     * port number.
     *
     * @return the action, or {@code null} for {@code drop}
     */
    public static Action parse(final String text)
    {
        final String t = text.trim();
        if (t.isEmpty())
        {
            throw new IllegalArgumentException("empty action");
        }
        if (Character.isDigit(t.charAt(0)))
        {
            return output(t);
        }
        final int colon = t.indexOf(':');
        final int paren = t.indexOf('(');
        final String name;
        final String arg;
        if (paren >= 0 && (colon < 0 || paren < colon))
        {
            if (!t.endsWith(")"))
            {
                throw new IllegalArgumentException("action '" + t + "' lacks a closing parenthesis");
            }
            name = t.substring(0, paren);
            arg = t.substring(paren + 1, t.length() - 1);
        }
        else if (colon >= 0)
        {
            name = t.substring(0, colon);
            arg = t.substring(colon + 1);
        }
        else
        {
            name = t;
            arg = null;
        }
        final Function<String, Action> parser = PARSERS.get(name.toLowerCase(Locale.ROOT));
        if (parser == null)
        {
            throw new IllegalArgumentException("unknown action '" + name + "'");
        }
        return parser.apply(arg);
    }

    /** Splits a comma-separated list at top level (commas inside parentheses or brackets stay). */
    public static List<String> split(final String text)
    {
        final List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '(' || c == '[')
            {
                depth++;
            }
            else if (c == ')' || c == ']')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0)
        {
            throw new IllegalArgumentException("unbalanced parentheses in '" + text + "'");
        }
        final String last = text.substring(start).trim();
        if (!last.isEmpty() || !parts.isEmpty())
        {
            parts.add(last);
        }
        return parts;
    }

    private static Action output(final String arg)
    {
        final String a = required("output", arg).trim().toLowerCase(Locale.ROOT);
        return switch (a)
        {
            case "in_port" -> new Actions.InPort();
            case "flood" -> new Actions.Flood(false);
            case "all" -> new Actions.Flood(true);
            case "controller" -> new Actions.Controller(Actions.Controller.DEFAULT_MAX_LEN);
            case "local", "normal" -> parse(a);
            default ->
            {
                final long port = integer(a);
                if (port < 1 || port >= 0xFFFFFF00L)
                {
                    throw new IllegalArgumentException("bad output port '" + arg + "' (1..4294967039 or in_port, "
                        + "flood, all, controller)");
                }
                yield new Actions.Output((int)port);
            }
        };
    }

    private static Action controller(final String arg)
    {
        if (arg == null)
        {
            return new Actions.Controller(Actions.Controller.DEFAULT_MAX_LEN);
        }
        final String a = arg.trim();
        final String number = a.startsWith("max_len=") ? a.substring("max_len=".length()) : a;
        final long maxLen = integer(number);
        if (maxLen > 0xFFFF)
        {
            throw new IllegalArgumentException("controller max_len " + maxLen + " above 65535");
        }
        return new Actions.Controller((int)maxLen);
    }

    private static Action setField(final String arg)
    {
        final String a = required("set_field", arg);
        final int arrow = a.indexOf("->");
        if (arrow < 0)
        {
            throw new IllegalArgumentException("set_field needs VALUE->FIELD, got '" + a + "'");
        }
        final Field field = writable(a.substring(arrow + 2).trim(), "set_field");
        final String valueText = a.substring(0, arrow).trim();
        if (field == Field.DL_VLAN)
        {
            return mod("set_field", Field.VLAN_VID, FlowKey.VLAN_CFI | integer(valueText), 0x1FFF, arg);
        }
        final int bits = field.width() + field.valueShift();
        final FieldFormat.Value v = field.format().parse(field.fieldName(), valueText, bits, true);
        final int s = field.valueShift();
        return new Actions.SetField(field, v.valueHigh(), v.value() >>> s, v.maskHigh(), v.mask() >>> s,
            "set_field:" + valueText + "->" + field.actionName());
    }

    private static Action load(final String arg)
    {
        final String a = required("load", arg);
        final int arrow = a.indexOf("->");
        if (arrow < 0)
        {
            throw new IllegalArgumentException("load needs VALUE->DST[BITS], got '" + a + "'");
        }
        final SubField dst = SubField.parse(a.substring(arrow + 2).trim());
        writable(dst.field().fieldName(), "load");
        final long value = integer(a.substring(0, arrow));
        if (dst.bits() < 64 && (value >>> dst.bits()) != 0)
        {
            throw new IllegalArgumentException("load: value " + a.substring(0, arrow).trim() + " does not fit in "
                + dst.bits() + " bits of " + dst);
        }
        return new Actions.SetField(dst.field(), 0, value << dst.start(), dst.field().wide() ? -1L : 0, dst.mask(),
            "load:" + a.substring(0, arrow).trim() + "->" + dst);
    }

    private static Action move(final String arg)
    {
        final String a = required("move", arg);
        final int arrow = a.indexOf("->");
        if (arrow < 0)
        {
            throw new IllegalArgumentException("move needs SRC[BITS]->DST[BITS], got '" + a + "'");
        }
        final SubField src = SubField.parse(a.substring(0, arrow).trim());
        final SubField dst = SubField.parse(a.substring(arrow + 2).trim());
        writable(dst.field().fieldName(), "move");
        if (src.bits() != dst.bits())
        {
            throw new IllegalArgumentException("move: source " + src + " has " + src.bits() + " bits but destination "
                + dst + " has " + dst.bits());
        }
        return new Actions.Move(src, dst);
    }

    private static Action resubmit(final String arg)
    {
        final String a = required("resubmit", arg).trim();
        final int comma = a.indexOf(',');
        final String portText = comma < 0 ? a : a.substring(0, comma).trim();
        final String tableText = comma < 0 ? "" : a.substring(comma + 1).trim();
        final int port = portText.isEmpty() || portText.equals("in_port") ? -1 : (int)integer(portText);
        final int table = tableText.isEmpty() ? -1 : (int)integer(tableText);
        if (table > 254)
        {
            throw new IllegalArgumentException("resubmit: table " + table + " above 254");
        }
        return new Actions.Resubmit(port, table);
    }

    private static Action mod(final String name, final Field field, final long value, final long mask, final String arg)
    {
        return new Actions.SetField(field, 0, value, 0, mask, name + ":" + arg.trim());
    }

    /** {@code mod_dl_dst:V} and friends: printed as OpenFlow 1.3 spells them, {@code set_field:V->eth_dst}. */
    private static Action setFieldAs(final Field field, final String arg)
    {
        final String v = required(field.fieldName(), arg).trim();
        return new Actions.SetField(field, 0, parse(field, v), 0, -1L, "set_field:" + v + "->" + field.actionName());
    }

    private static long parse(final Field field, final String arg)
    {
        return field.format().parse(field.fieldName(), required(field.fieldName(), arg).trim(), field.width(), false)
            .value();
    }

    private static Field writable(final String name, final String action)
    {
        final Field field = Field.byName(name);
        if (field == null)
        {
            throw new IllegalArgumentException(action + ": unknown field '" + name + "'");
        }
        if (!field.writable())
        {
            throw new IllegalArgumentException(action + ": field " + field.fieldName() + " is read-only");
        }
        return field;
    }

    private static String required(final String action, final String arg)
    {
        if (arg == null || arg.isBlank())
        {
            throw new IllegalArgumentException("action " + action + " needs an argument");
        }
        return arg;
    }

    private static long integer(final String text)
    {
        try
        {
            final String t = text.trim().toLowerCase(Locale.ROOT);
            return t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseUnsignedLong(t);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad number '" + text.trim() + "'");
        }
    }
}
