package net.vswitch.logic.openflow.channel;

/** OpenFlow 1.3 wire constants (message types, error types and codes, reserved ports), named as the spec does. */
public final class Ofp
{
    public static final int HEADER_LENGTH = 8;
    public static final int NO_BUFFER = 0xFFFFFFFF;

    // message types
    public static final int HELLO = 0;
    public static final int ERROR = 1;
    public static final int ECHO_REQUEST = 2;
    public static final int ECHO_REPLY = 3;
    public static final int EXPERIMENTER = 4;
    public static final int FEATURES_REQUEST = 5;
    public static final int FEATURES_REPLY = 6;
    public static final int GET_CONFIG_REQUEST = 7;
    public static final int GET_CONFIG_REPLY = 8;
    public static final int SET_CONFIG = 9;
    public static final int PACKET_IN = 10;
    public static final int FLOW_REMOVED = 11;
    public static final int PORT_STATUS = 12;
    public static final int PACKET_OUT = 13;
    public static final int FLOW_MOD = 14;
    public static final int GROUP_MOD = 15;
    public static final int PORT_MOD = 16;
    public static final int TABLE_MOD = 17;
    public static final int MULTIPART_REQUEST = 18;
    public static final int MULTIPART_REPLY = 19;
    public static final int BARRIER_REQUEST = 20;
    public static final int BARRIER_REPLY = 21;
    public static final int ROLE_REQUEST = 24;
    public static final int ROLE_REPLY = 25;
    public static final int GET_ASYNC_REQUEST = 26;
    public static final int GET_ASYNC_REPLY = 27;
    public static final int SET_ASYNC = 28;
    public static final int METER_MOD = 29;

    // multipart types
    public static final int MP_DESC = 0;
    public static final int MP_FLOW = 1;
    public static final int MP_AGGREGATE = 2;
    public static final int MP_TABLE = 3;
    public static final int MP_PORT_STATS = 4;
    public static final int MP_GROUP = 6;
    public static final int MP_GROUP_DESC = 7;
    public static final int MP_METER_FEATURES = 11;
    public static final int MP_TABLE_FEATURES = 12;
    public static final int MP_PORT_DESC = 13;

    // error types
    public static final int ET_HELLO_FAILED = 0;
    public static final int ET_BAD_REQUEST = 1;
    public static final int ET_BAD_ACTION = 2;
    public static final int ET_BAD_INSTRUCTION = 3;
    public static final int ET_BAD_MATCH = 4;
    public static final int ET_FLOW_MOD_FAILED = 5;
    public static final int ET_GROUP_MOD_FAILED = 6;
    public static final int ET_PORT_MOD_FAILED = 7;
    public static final int ET_TABLE_MOD_FAILED = 8;
    public static final int ET_SWITCH_CONFIG_FAILED = 10;
    public static final int ET_ROLE_REQUEST_FAILED = 11;
    public static final int ET_METER_MOD_FAILED = 12;

    public static final int HFC_INCOMPATIBLE = 0;

    public static final int BRC_BAD_VERSION = 0;
    public static final int BRC_BAD_TYPE = 1;
    public static final int BRC_BAD_MULTIPART = 2;
    public static final int BRC_BAD_EXPERIMENTER = 3;
    public static final int BRC_BAD_EXP_TYPE = 4;
    public static final int BRC_EPERM = 5;
    public static final int BRC_BAD_LEN = 6;
    public static final int BRC_BUFFER_UNKNOWN = 8;
    public static final int BRC_BAD_TABLE_ID = 9;
    public static final int BRC_IS_SLAVE = 10;
    public static final int BRC_BAD_PORT = 11;
    public static final int BRC_BAD_PACKET = 12;

    public static final int BAC_BAD_TYPE = 0;
    public static final int BAC_BAD_LEN = 1;
    public static final int BAC_BAD_EXPERIMENTER = 2;
    public static final int BAC_BAD_EXP_TYPE = 3;
    public static final int BAC_BAD_OUT_PORT = 4;
    public static final int BAC_BAD_ARGUMENT = 5;
    public static final int BAC_BAD_OUT_GROUP = 9;
    public static final int BAC_MATCH_INCONSISTENT = 10;
    public static final int BAC_BAD_SET_TYPE = 13;
    public static final int BAC_BAD_SET_LEN = 14;
    public static final int BAC_BAD_SET_ARGUMENT = 15;

    public static final int BIC_UNKNOWN_INST = 0;
    public static final int BIC_UNSUP_INST = 1;
    public static final int BIC_BAD_TABLE_ID = 2;
    public static final int BIC_BAD_LEN = 7;

    public static final int BMC_BAD_TYPE = 0;
    public static final int BMC_BAD_LEN = 1;
    public static final int BMC_BAD_WILDCARDS = 5;
    public static final int BMC_BAD_FIELD = 6;
    public static final int BMC_BAD_VALUE = 7;
    public static final int BMC_BAD_PREREQ = 9;
    public static final int BMC_DUP_FIELD = 10;

    public static final int FMFC_UNKNOWN = 0;
    public static final int FMFC_BAD_TABLE_ID = 2;
    public static final int FMFC_OVERLAP = 3;
    public static final int FMFC_BAD_COMMAND = 6;

    public static final int GMFC_GROUP_EXISTS = 0;
    public static final int GMFC_INVALID_GROUP = 1;
    public static final int GMFC_UNKNOWN_GROUP = 8;
    public static final int GMFC_BAD_TYPE = 10;
    public static final int GMFC_BAD_COMMAND = 11;

    public static final int RRFC_STALE = 0;
    public static final int RRFC_BAD_ROLE = 2;

    // reserved ports
    public static final int PORT_MAX = 0xFFFFFF00;
    public static final int PORT_IN_PORT = 0xFFFFFFF8;
    public static final int PORT_TABLE = 0xFFFFFFF9;
    public static final int PORT_NORMAL = 0xFFFFFFFA;
    public static final int PORT_FLOOD = 0xFFFFFFFB;
    public static final int PORT_ALL = 0xFFFFFFFC;
    public static final int PORT_CONTROLLER = 0xFFFFFFFD;
    public static final int PORT_LOCAL = 0xFFFFFFFE;
    public static final int PORT_ANY = 0xFFFFFFFF;
    public static final int GROUP_ANY = 0xFFFFFFFF;
    public static final int GROUP_ALL = 0xFFFFFFFC;

    public static final int NX_VENDOR = 0x00002320;

    private static final String[] ERROR_TYPES = {"HELLO_FAILED", "BAD_REQUEST", "BAD_ACTION", "BAD_INSTRUCTION",
        "BAD_MATCH", "FLOW_MOD_FAILED", "GROUP_MOD_FAILED", "PORT_MOD_FAILED", "TABLE_MOD_FAILED", "QUEUE_OP_FAILED",
        "SWITCH_CONFIG_FAILED", "ROLE_REQUEST_FAILED", "METER_MOD_FAILED", "TABLE_FEATURES_FAILED"};

    private Ofp()
    {
    }

    /** {@code BAD_REQUEST/6}: the error type's name and the numeric code. */
    public static String errorName(final int type, final int code)
    {
        final String t = type >= 0 && type < ERROR_TYPES.length ? ERROR_TYPES[type] : Integer.toString(type);
        return t + "/" + code;
    }
}
