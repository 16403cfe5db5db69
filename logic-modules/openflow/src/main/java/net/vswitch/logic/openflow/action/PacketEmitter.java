package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;

/**
 * Where an output op sends the packet. {@link #FABRIC} adds the port to the packet's final decision
 * ({@link Packet#addOutput}) when no rewrite follows, and hands over a copy of the bytes as they are now
 * ({@link Packet#emit}) when one does, so {@code output:1,mod_vlan_vid:5,output:2} sends different bytes to the
 * two ports. Tests substitute an emitter that records the bytes each output gets.
 */
@FunctionalInterface
public interface PacketEmitter
{
    PacketEmitter FABRIC = (packet, port, copy) ->
    {
        if (copy)
        {
            packet.emit(port);
        }
        else
        {
            packet.addOutput(port);
        }
    };

    /**
     * Sends {@code packet}'s current bytes to port {@code portIndex} (which may carry the hairpin flag).
     *
     * @param copy a later op rewrites the packet, so the port must get a copy taken now
     */
    void emit(Packet packet, int portIndex, boolean copy);
}
