package net.vswitch.logic.filter;

/**
 * One entry of the middlebox filter, as {@code show} prints it.
 *
 * @param protocol      TCP or UDP
 * @param transportPort 0..65535
 * @param switchPort    index of the port the traffic goes to
 */
public record Mapping(L4Protocol protocol, int transportPort, int switchPort)
{
    @Override
    public String toString()
    {
        return protocol.label() + "/" + transportPort + " -> port " + switchPort;
    }
}
