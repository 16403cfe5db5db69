package net.vswitch.logic.openflow.ct;

import java.util.List;
import java.util.Locale;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.ActionParser;
import net.vswitch.logic.openflow.action.DropCause;
import net.vswitch.logic.openflow.action.SubField;
import net.vswitch.logic.openflow.action.Translation;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.match.Prerequisite;

/**
 * Open vSwitch's {@code ct(commit,zone=N|NXM_NX_REGn[a..b],table=T,exec(set_field:V->ct_mark))}. On the slow path it
 * only appends a CT op (the tracker runs per packet, so its verdict is never cached) and, with {@code table}, a
 * recirculation id freezing the resume table, metadata and registers. As in OVS the ct fields are cleared for the
 * rest of this pass: they exist only for the packet recirculated into table T.
 *
 * @param commit     create the connection of a NEW packet
 * @param zone       the zone when {@code zoneField} is null
 * @param zoneField  the register bits holding the zone, or null
 * @param table      the table to recirculate into, or -1
 * @param markValue  exec's ct_mark value
 * @param markMask   exec's ct_mark mask (0: no mark)
 * @param execText   exec's text as written, for dumps (null: none)
 */
public record CtAction(boolean commit, int zone, SubField zoneField, int table, int markValue, int markMask,
    String execText) implements Action
{
    /** Tables a recirculation may name (OpenFlow's 0..254). */
    private static final int MAX_TABLE = 254;

    /** Registers {@code ct} and {@code ct_clear} with the action parser. */
    public static void register()
    {
        ActionParser.register("ct", CtAction::parse);
        ActionParser.register("ct_clear", arg -> new CtClear());
    }

    /**
     * Parses the text between the parentheses of {@code ct(...)} (null or empty for a bare {@code ct}).
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static CtAction parse(final String arg)
    {
        boolean commit = false;
        int zone = 0;
        SubField zoneField = null;
        int table = -1;
        int markValue = 0;
        int markMask = 0;
        String exec = null;
        final List<String> parts = arg == null || arg.isBlank() ? List.of() : ActionParser.split(arg);
        for (final String raw : parts)
        {
            final String p = raw.trim();
            final String lower = p.toLowerCase(Locale.ROOT);
            if (lower.equals("commit"))
            {
                commit = true;
            }
            else if (lower.startsWith("zone="))
            {
                final String z = p.substring(5).trim();
                if (z.contains("["))
                {
                    zoneField = SubField.parse(z);
                    if (zoneField.bits() > 16)
                    {
                        throw new IllegalArgumentException("ct zone field " + zoneField + " is wider than 16 bits");
                    }
                }
                else
                {
                    zone = (int)number("zone", z, 0xFFFF);
                }
            }
            else if (lower.startsWith("table="))
            {
                table = (int)number("table", p.substring(6).trim(), MAX_TABLE);
            }
            else if (lower.startsWith("exec(") && lower.endsWith(")"))
            {
                final StringBuilder printed = new StringBuilder();
                for (final String inner : ActionParser.split(p.substring(5, p.length() - 1)))
                {
                    final Exec e = mark(inner.trim());
                    markValue = (int)((markValue & ~e.mask()) | e.value());
                    markMask |= (int)e.mask();
                    printed.append(printed.isEmpty() ? "" : ",").append(e.text());
                }
                exec = printed.toString();
            }
            else if (lower.startsWith("nat"))
            {
                throw new IllegalArgumentException("ct: nat is not supported (connection tracking without NAT)");
            }
            else if (lower.startsWith("alg=") || lower.equals("force"))
            {
                throw new IllegalArgumentException("ct: '" + p + "' is not supported");
            }
            else
            {
                throw new IllegalArgumentException("ct: unknown argument '" + p
                    + "' (commit, zone=N|FIELD[a..b], table=T, exec(...))");
            }
        }
        if (exec != null && !commit)
        {
            throw new IllegalArgumentException("ct: exec(...) requires commit");
        }
        return new CtAction(commit, zone, zoneField, table, markValue, markMask, exec);
    }

    /** One exec action's ct_mark bits, and its text as ovs-ofctl prints it. */
    private record Exec(long value, long mask, String text)
    {
    }

    /** One exec action: {@code set_field:V[/M]->ct_mark} or {@code load:V->NXM_NX_CT_MARK[..]}. */
    private static Exec mark(final String text)
    {
        final int arrow = text.indexOf("->");
        final String lower = text.toLowerCase(Locale.ROOT);
        if (arrow > 0 && lower.startsWith("set_field:"))
        {
            final String target = text.substring(arrow + 2).trim();
            if (Field.byName(target) != Field.CT_MARK)
            {
                throw unsupported(text);
            }
            final String v = text.substring(10, arrow).trim();
            final int slash = v.indexOf('/');
            final long mask = slash < 0 ? 0xFFFF_FFFFL : number("ct_mark mask", v.substring(slash + 1), 0xFFFF_FFFFL);
            final long value = number("ct_mark", slash < 0 ? v : v.substring(0, slash), 0xFFFF_FFFFL);
            return new Exec(value & mask, mask, "set_field:0x" + Long.toHexString(value & mask)
                + (mask == 0xFFFF_FFFFL ? "" : "/0x" + Long.toHexString(mask)) + "->ct_mark");
        }
        if (arrow > 0 && lower.startsWith("load:"))
        {
            final SubField dst = SubField.parse(text.substring(arrow + 2).trim());
            if (dst.field() != Field.CT_MARK)
            {
                throw unsupported(text);
            }
            final long value = number("ct_mark", text.substring(5, arrow).trim(), (1L << dst.bits()) - 1);
            return new Exec(value << dst.start(), dst.mask(), "load:0x" + Long.toHexString(value) + "->" + dst);
        }
        throw unsupported(text);
    }

    private static IllegalArgumentException unsupported(final String text)
    {
        return new IllegalArgumentException("ct: exec supports set_field/load of ct_mark only, not '" + text + "'");
    }

    private static long number(final String what, final String text, final long max)
    {
        final long v;
        try
        {
            final String t = text.trim().toLowerCase(Locale.ROOT);
            v = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("ct: bad " + what + " '" + text + "'");
        }
        if (v < 0 || v > max)
        {
            throw new IllegalArgumentException("ct: " + what + " " + text + " is out of range (0.." + max + ")");
        }
        return v;
    }

    @Override
    public void check(final Match match)
    {
        if (!Prerequisite.IP.satisfiedBy(match))
        {
            throw new IllegalArgumentException("action ct requires ip or ipv6 in the match (for example 'ip,...')");
        }
    }

    @Override
    public void translate(final Translation xlate)
    {
        final long[] key = xlate.key();
        int z = zone;
        if (zoneField != null)
        {
            final long bits = zoneField.bits() >= 64 ? -1L : (1L << zoneField.bits()) - 1;
            z = (int)((zoneField.field().get(key) >>> zoneField.start()) & bits);
            zoneField.field().unwildcard(xlate.wildcards(), 0, zoneField.mask());
        }
        int recirc = 0;
        if (table >= 0)
        {
            recirc = Recirculation.id(table, key);
            if (recirc == 0)
            {
                xlate.halt(DropCause.RECIRC_IDS);
                return;
            }
        }
        xlate.program().ct(commit, z, markValue, markMask, recirc);
        clear(key);
    }

    /** The ct fields exist only in the recirculated pass: the rest of this one sees an untracked packet. */
    static void clear(final long[] key)
    {
        Field.CT_STATE.put(key, 0, 0);
        Field.CT_ZONE.put(key, 0, 0);
        Field.CT_MARK.put(key, 0, 0);
    }

    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder("ct(");
        if (commit)
        {
            s.append("commit,");
        }
        if (table >= 0)
        {
            s.append("table=").append(table).append(',');
        }
        if (zoneField != null)
        {
            s.append("zone=").append(zoneField).append(',');
        }
        else if (zone != 0)
        {
            s.append("zone=").append(zone).append(',');
        }
        if (execText != null)
        {
            s.append("exec(").append(execText).append("),");
        }
        if (s.length() == 3)
        {
            return "ct()";
        }
        s.setLength(s.length() - 1);
        return s.append(')').toString();
    }
}
