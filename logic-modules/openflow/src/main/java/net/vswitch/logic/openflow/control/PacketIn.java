package net.vswitch.logic.openflow.control;

/**
 * A packet the pipeline sent to the controller: the first {@code data.length} bytes of a frame of
 * {@code totalLength}, its OpenFlow in_port, reason ({@code 0} no match, {@code 1} action), table and cookie.
 */
public record PacketIn(byte[] data, int totalLength, int inPort, int reason, int table, long cookie)
{
}
