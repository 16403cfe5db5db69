package net.vswitch.logic.openflow.action;

import net.vswitch.fabric.Packet;

/** Sends a packet through the pipeline again after {@code ct(table=T)} or {@code softflow()}: its next cache pass. */
public interface Recirculator
{
    /**
     * Looks the packet up again, its key carrying {@code recircId} and the ct fields the tracker just wrote.
     *
     * @return the program of the packet's next pass
     */
    Program recirculate(Packet packet, int ingress, int recircId);
}
