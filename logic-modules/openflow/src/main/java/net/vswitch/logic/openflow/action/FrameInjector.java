package net.vswitch.logic.openflow.action;

/**
 * Where packet-out frames leave the switch: by default the fabric's {@code LogicContext.inject}; a caller (a test,
 * an embedding application) may send them itself.
 */
@FunctionalInterface
public interface FrameInjector
{
    /** Sends {@code frame} out of port {@code portIndex} (never blocks; a full port drops). */
    void send(int portIndex, byte[] frame);
}
