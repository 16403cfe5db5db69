package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;

/** Receives CONTROLLER outputs (packet-in); the module's bounded queue implements it. */
@FunctionalInterface
public interface PacketInSink
{
    /** Queues a copy of at most {@code maxLen} bytes of {@code packet}; must not block. */
    void packetIn(Packet packet, int inPort, int maxLen, int reason, int table, long cookie);
}
