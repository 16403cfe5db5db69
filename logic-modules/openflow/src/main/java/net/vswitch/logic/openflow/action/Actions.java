package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;
import net.vswitch.logic.openflow.match.Field;
import net.vswitch.logic.openflow.match.FlowKey;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.match.Prerequisite;

/** The standard OpenFlow actions, each a small record implementing the {@link Action} SPI. */
public final class Actions
{
    private Actions()
    {
    }

    /** {@code output:N}: to the port with OpenFlow number N (never back to the ingress port: use in_port). */
    public record Output(int port) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            final long[] key = xlate.key();
            Field.IN_PORT.unwildcard(xlate.wildcards());
            if (Field.IN_PORT.get(key) == (port & 0xFFFF_FFFFL))
            {
                return;
            }
            final int index = xlate.portIndex(port);
            if (index >= 0)
            {
                xlate.program().output(index);
            }
        }

        @Override
        public String toString()
        {
            return "output:" + Integer.toUnsignedString(port);
        }
    }

    /** {@code in_port}: back where the packet came from. */
    public record InPort() implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            xlate.program().inPort();
        }

        @Override
        public String toString()
        {
            return "IN_PORT";
        }
    }

    /** {@code FLOOD} / {@code ALL}: every port but the ingress one (this switch has no flood-disabled ports). */
    public record Flood(boolean all) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            xlate.program().flood();
        }

        @Override
        public String toString()
        {
            return all ? "ALL" : "FLOOD";
        }
    }

    /** {@code CONTROLLER[:max_len]}: a packet-in with reason "action". */
    public record Controller(int maxLen) implements Action
    {
        public static final int DEFAULT_MAX_LEN = 0xFFFF;

        @Override
        public void translate(final Translation xlate)
        {
            xlate.program().controller(maxLen, xlate.packetInReason(), xlate.tableId(), xlate.cookie());
        }

        @Override
        public String toString()
        {
            return maxLen == DEFAULT_MAX_LEN ? "CONTROLLER:65535" : "CONTROLLER:" + maxLen;
        }
    }

    /** {@code set_field:V[/M]->F}, {@code load:V->F[bits]} and the {@code mod_*} shorthands. */
    public record SetField(Field field, long high, long value, long maskHigh, long mask, String text) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            final long[] wc = xlate.wildcards();
            final long[] key = xlate.key();
            Field.ETH_TYPE.unwildcard(wc);
            Field.IP_PROTO.unwildcard(wc);
            Field.VLAN_TCI.unwildcard(wc);
            if (isVlan(field) && (Field.VLAN_TCI.get(key) & FlowKey.VLAN_CFI) == 0)
            {
                xlate.program().pushVlan(Packet.ETHERTYPE_VLAN);
                Field.VLAN_TCI.put(key, 0, FlowKey.VLAN_CFI);
            }
            xlate.setField(field, high, value, maskHigh, mask);
        }

        private static boolean isVlan(final Field f)
        {
            return f == Field.VLAN_VID || f == Field.DL_VLAN || f == Field.DL_VLAN_PCP || f == Field.VLAN_TCI;
        }

        @Override
        public void check(final Match match)
        {
            checkPrerequisite(field, match, text);
        }

        @Override
        public String toString()
        {
            return text;
        }
    }

    /** {@code move:SRC[bits]->DST[bits]}. */
    public record Move(SubField src, SubField dst) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            final long[] key = xlate.key();
            src.field().unwildcard(xlate.wildcards(), src.maskHigh(), src.mask());
            if (src.field().wide())
            {
                xlate.setField(dst.field(), src.field().getHigh(key), src.field().get(key), -1L, -1L);
                return;
            }
            final long bits = (src.field().get(key) & src.mask()) >>> src.start();
            xlate.setField(dst.field(), 0, bits << dst.start(), 0, dst.mask());
        }

        @Override
        public void check(final Match match)
        {
            if (src.bits() != dst.bits())
            {
                throw new IllegalArgumentException("move: source " + src + " has " + src.bits()
                    + " bits but destination " + dst + " has " + dst.bits());
            }
            checkPrerequisite(src.field(), match, toString());
            checkPrerequisite(dst.field(), match, toString());
        }

        @Override
        public String toString()
        {
            return "move:" + src + "->" + dst;
        }
    }

    /** {@code push_vlan:TPID}: a new outer tag (TCI 0, or the old outer TCI when already tagged). */
    public record PushVlan(int tpid) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            Field.VLAN_TCI.unwildcard(xlate.wildcards());
            xlate.program().pushVlan(tpid);
            final long tci = Field.VLAN_TCI.get(xlate.key());
            Field.VLAN_TCI.put(xlate.key(), 0, tci | FlowKey.VLAN_CFI);
        }

        @Override
        public String toString()
        {
            return "push_vlan:" + String.format("0x%04x", tpid);
        }
    }

    /** {@code pop_vlan} / {@code strip_vlan}. */
    public record PopVlan(String name) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            Field.VLAN_TCI.unwildcard(xlate.wildcards());
            if ((Field.VLAN_TCI.get(xlate.key()) & FlowKey.VLAN_CFI) != 0)
            {
                xlate.program().popVlan();
                Field.VLAN_TCI.put(xlate.key(), 0, 0);
            }
        }

        /** OVS prints both spellings as {@code pop_vlan}. */
        @Override
        public String toString()
        {
            return "pop_vlan";
        }
    }

    /** {@code dec_ttl}: TTL/hop limit minus one; at 0 or 1 the packet is dropped and counted. */
    public record DecTtl() implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            final long[] key = xlate.key();
            Field.ETH_TYPE.unwildcard(xlate.wildcards());
            final long type = Field.ETH_TYPE.get(key);
            if (type != Packet.ETHERTYPE_IPV4 && type != Packet.ETHERTYPE_IPV6)
            {
                return;
            }
            Field.NW_TTL.unwildcard(xlate.wildcards());
            final long ttl = Field.NW_TTL.get(key);
            if (ttl <= 1)
            {
                xlate.halt(DropCause.TTL_EXCEEDED);
                return;
            }
            xlate.setField(Field.NW_TTL, 0, ttl - 1, 0, 0xFF);
        }

        @Override
        public String toString()
        {
            return "dec_ttl";
        }
    }

    /** {@code resubmit([PORT],TABLE)} or {@code resubmit:PORT}: a nested lookup, then the remaining actions. */
    public record Resubmit(int inPort, int table) implements Action
    {
        /** Table -1 means "the current table"; port -1 means "the packet's in_port". */
        @Override
        public void translate(final Translation xlate)
        {
            final long[] key = xlate.key();
            final long saved = Field.IN_PORT.get(key);
            if (inPort >= 0)
            {
                Field.IN_PORT.put(key, 0, inPort);
            }
            xlate.resubmit(table < 0 ? xlate.tableId() : table);
            Field.IN_PORT.put(key, 0, saved);
        }

        @Override
        public String toString()
        {
            return "resubmit(" + (inPort < 0 ? "" : Integer.toString(inPort)) + "," + (table < 0 ? "" : table) + ")";
        }
    }

    /** {@code group:G}. */
    public record Group(int groupId) implements Action
    {
        @Override
        public void translate(final Translation xlate)
        {
            xlate.group(groupId);
        }

        @Override
        public String toString()
        {
            return "group:" + Integer.toUnsignedString(groupId);
        }
    }

    /** Refuses a write the match does not make possible, as ovs-ofctl does ("lacks correct prerequisites"). */
    static void checkPrerequisite(final Field field, final Match match, final String action)
    {
        final Prerequisite p = field.prerequisite();
        if (!p.satisfiedBy(match))
        {
            throw new IllegalArgumentException("action '" + action + "' needs " + p.words() + " in the flow's match"
                + " (field " + field.fieldName() + ")");
        }
    }
}
