package net.vswitch.logic.openflow.action;

/**
 * Where packet-out frames leave the switch. Until the fabric's {@code Switch.inject} lands (branch fabric) the
 * embedding code (or the future OpenFlow channel) supplies this; switching over is one implementation.
 */
@FunctionalInterface
public interface FrameInjector
{
    /** Sends {@code frame} out of port {@code portIndex} (never blocks; a full port drops). */
    void send(int portIndex, byte[] frame);
}
