package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;

/**
 * Where an output op sends the packet. Today the fabric copies one buffer to every output, so the default
 * adds the port to {@link Packet#addOutput} and all outputs carry the final bytes; when the fabric's
 * {@code Packet.emit(port)} lands (branch fabric), the emitter that copies the current bytes is this one
 * change. Tests record the bytes each output would get.
 */
@FunctionalInterface
public interface PacketEmitter
{
    PacketEmitter FABRIC = Packet::addOutput;

    /** Sends {@code packet}'s current bytes to port {@code portIndex} (which may carry the hairpin flag). */
    void emit(Packet packet, int portIndex);
}
