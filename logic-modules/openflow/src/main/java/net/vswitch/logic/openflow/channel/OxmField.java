package net.vswitch.logic.openflow.channel;

import net.vswitch.logic.openflow.match.Field;

/**
 * One OXM/NXM header the codec knows: class, field code and payload width, and the pipeline field it stands for.
 * Registers are Nicira's NXM_NX_REGn (class 1); the rest are OpenFlow basic (class 0x8000) or, for load/move,
 * the NXM_OF names (class 0) ovs-ofctl also emits.
 */
record OxmField(int oxmClass, int code, int bytes, Field field)
{
    static final int CLASS_NXM0 = 0x0000;
    static final int CLASS_NXM1 = 0x0001;
    static final int CLASS_BASIC = 0x8000;

    /** The 32-bit header without mask: class, field, length. */
    int header()
    {
        return oxmClass << 16 | code << 9 | bytes;
    }

    int maskedHeader()
    {
        return oxmClass << 16 | code << 9 | 1 << 8 | bytes * 2;
    }

    /** The class and field part (what identifies the field whatever the mask bit and length). */
    static int key(final int header)
    {
        return header >>> 9;
    }
}
