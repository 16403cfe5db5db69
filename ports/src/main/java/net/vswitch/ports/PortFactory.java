package net.vswitch.ports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import net.vswitch.fabric.Port;
import net.vswitch.ports.afpacket.AfPacketConfig;
import net.vswitch.ports.afpacket.AfPacketPort;
import net.vswitch.ports.dpdk.DpdkPort;
import net.vswitch.ports.dpdk.DpdkSettings;
import net.vswitch.ports.dpdk.Eal;
import net.vswitch.ports.pcap.PcapSinkPort;
import net.vswitch.ports.pcap.PcapSourcePort;
import net.vswitch.ports.shm.ShmPort;
import net.vswitch.ports.tap.TapConfig;
import net.vswitch.ports.tap.TapPort;
import net.vswitch.ports.tunnel.TunnelPort;
import net.vswitch.ports.virtual.VirtualPort;
import net.vswitch.ports.virtual.VirtualPortConfig;

/**
 * Creates the port a {@link PortSpec} describes. A kind whose support is missing on this machine
 * (no such interface, no DPDK) fails with an exception that names the problem and the fix.
 */
public final class PortFactory
{
    private final VirtualPortConfig virtualConfig;
    private final DpdkSettings dpdkSettings;

    public PortFactory()
    {
        this(VirtualPortConfig.defaults());
    }

    public PortFactory(final VirtualPortConfig virtualConfig)
    {
        this(virtualConfig, DpdkSettings.defaults());
    }

    /** @param dpdkSettings EAL arguments and DPDK port shape for {@code dpdk:} ports */
    public PortFactory(final VirtualPortConfig virtualConfig, final DpdkSettings dpdkSettings)
    {
        this.virtualConfig = virtualConfig;
        this.dpdkSettings = dpdkSettings;
    }

    public DpdkSettings dpdkSettings()
    {
        return dpdkSettings;
    }

    /**
     * Starts DPDK's EAL with a {@code --vdev} for every virtual device among {@code specs}, if any
     * spec is a {@code dpdk:} port and EAL does not run yet. Call it once with every configured port
     * before creating them; DPDK ports added later are hot-plugged. Does nothing without DPDK ports.
     */
    public void startDpdk(final Collection<PortSpec> specs)
    {
        final List<PortSpec.Dpdk> dpdk = new ArrayList<>();
        for (final PortSpec spec : specs)
        {
            if (spec instanceof PortSpec.Dpdk d)
            {
                dpdk.add(d);
            }
        }
        if (!dpdk.isEmpty())
        {
            Eal.start(dpdkSettings, dpdk);
        }
    }

    public Port create(final PortSpec spec)
    {
        return switch (spec)
        {
            case PortSpec.Virtual v -> new VirtualPort(v.name(), virtualConfig);
            case PortSpec.Shm s -> new ShmPort(s.name(), s.path());
            case PortSpec.AfPacket a -> AfPacketPort.open(a.ifname(), a.name(), AfPacketConfig.defaults());
            case PortSpec.Tap t -> TapPort.open(t.ifname(), t.name(), TapConfig.defaults());
            case PortSpec.PcapIn p -> new PcapSourcePort(p.name(), p.file(), p.rate(), p.loop());
            case PortSpec.PcapOut p -> new PcapSinkPort(p.name(), p.file());
            case PortSpec.Dpdk d -> DpdkPort.open(d, dpdkSettings);
            case PortSpec.Tunnel t -> TunnelPort.open(t);
        };
    }

    private static UnsupportedOperationException unsupported(final PortSpec spec)
    {
        return new UnsupportedOperationException("port kind of '" + spec.text() + "' is not built yet");
    }
}
