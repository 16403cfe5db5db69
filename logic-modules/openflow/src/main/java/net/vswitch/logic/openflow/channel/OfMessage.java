package net.vswitch.logic.openflow.channel;

import java.util.List;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.match.Match;
import net.vswitch.logic.openflow.pipeline.GroupEntry;
import net.vswitch.logic.openflow.pipeline.Instructions;

/** A decoded message from a controller (the switch's side of OpenFlow 1.3: what a controller may send). */
public sealed interface OfMessage
{
    int xid();

    /** OFPT_HELLO; {@code versions} is the bitmap (bit N = wire version N), or only the header's version. */
    record Hello(int xid, int version, int versions) implements OfMessage
    {
    }

    /** A message with no body the switch needs: features, get-config, barrier, get-async requests. */
    record Simple(int xid, int type) implements OfMessage
    {
    }

    record Echo(int xid, boolean request, byte[] data) implements OfMessage
    {
    }

    /** An OFPT_ERROR the peer sent us (counted and logged). */
    record Error(int xid, int type, int code) implements OfMessage
    {
    }

    record SetConfig(int xid, int flags, int missSendLen) implements OfMessage
    {
    }

    record FlowMod(int xid, long cookie, long cookieMask, int table, int command, int idleTimeout, int hardTimeout,
        int priority, int bufferId, int outPort, int outGroup, int flags, Match match, Instructions instructions)
        implements OfMessage
    {
        public static final int ADD = 0;
        public static final int MODIFY = 1;
        public static final int MODIFY_STRICT = 2;
        public static final int DELETE = 3;
        public static final int DELETE_STRICT = 4;
        public static final int FLAG_SEND_FLOW_REM = 1;
        public static final int FLAG_CHECK_OVERLAP = 2;
        public static final int FLAG_RESET_COUNTS = 4;
    }

    record GroupMod(int xid, int command, int groupType, int groupId, List<GroupEntry.Bucket> buckets)
        implements OfMessage
    {
        public static final int ADD = 0;
        public static final int MODIFY = 1;
        public static final int DELETE = 2;
    }

    /** {@code toTable}: the actions are exactly output:TABLE (run the pipeline). */
    record PacketOut(int xid, int bufferId, int inPort, List<Action> actions, boolean toTable, byte[] data)
        implements OfMessage
    {
    }

    /** Multipart request; {@code flows} for flow and aggregate requests, {@code port} / {@code group} for theirs. */
    record Multipart(int xid, int mpType, int flags, FlowQuery flows, int port, int group, int bodyLength)
        implements OfMessage
    {
    }

    /** The selection of a flow or aggregate stats request. */
    record FlowQuery(int table, int outPort, int outGroup, long cookie, long cookieMask, Match match)
    {
    }

    record RoleRequest(int xid, int role, long generationId) implements OfMessage
    {
        public static final int NOCHANGE = 0;
        public static final int EQUAL = 1;
        public static final int MASTER = 2;
        public static final int SLAVE = 3;
    }

    /** Packet-in, port-status and flow-removed masks: index 0 for master/equal, 1 for slave. */
    record SetAsync(int xid, int[] packetIn, int[] portStatus, int[] flowRemoved) implements OfMessage
    {
    }
}
