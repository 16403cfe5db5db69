package net.vswitch.logic.filter;

/**
 * A tuple held by a switch port, as {@code show} prints it.
 *
 * @param tuple    the reserved {@code <protocol, local IP, local port>}
 * @param port     index of the holding port
 * @param portName name of the holding port, or {@code null} when the filter runs without a switch
 */
public record Reservation(Tuple tuple, int port, String portName)
{
    @Override
    public String toString()
    {
        return tuple + " -> " + ThreeTupleFilter.describePort(port, portName);
    }
}
