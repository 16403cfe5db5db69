package net.vswitch.ports;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A port as the daemon's {@code --port SPEC}, the config file and {@code ctl add-port} name it,
 * parsed once into a typed record (DESIGN §5):
 * {@code virtual:NAME}, {@code shm:PATH}, {@code afpacket:IFNAME}, {@code tap:IFNAME},
 * {@code pcap-in:FILE[,rate=PPS][,loop=N]}, {@code pcap-out:FILE}, {@code dpdk:DEVARGS},
 * {@code vxlan:REMOTE_IP[,vni=N][,local=IP][,dstport=4789][,ttl=N][,df=0|1][,mtu=N][,netns=NS]} and
 * {@code geneve:REMOTE_IP[,...]} (same options, dstport 6081).
 * Every kind takes {@code ,name=X}; by default a port is named after its IFNAME/NAME/file.
 */
public sealed interface PortSpec
{
    /** The switch port's name. */
    String name();

    /** The SPEC string this was parsed from, normalized. */
    String text();

    record Virtual(String name) implements PortSpec
    {
        public String text()
        {
            return "virtual:" + name;
        }
    }

    record Shm(Path path, String name) implements PortSpec
    {
        public String text()
        {
            return "shm:" + path + ",name=" + name;
        }
    }

    record AfPacket(String ifname, String name) implements PortSpec
    {
        public String text()
        {
            return "afpacket:" + ifname + (name.equals(ifname) ? "" : ",name=" + name);
        }
    }

    record Tap(String ifname, String name) implements PortSpec
    {
        public String text()
        {
            return "tap:" + ifname + (name.equals(ifname) ? "" : ",name=" + name);
        }
    }

    /** @param rate packets per second, 0 = as fast as possible; @param loop times to play, 0 = forever */
    record PcapIn(Path file, long rate, long loop, String name) implements PortSpec
    {
        public String text()
        {
            return "pcap-in:" + file + (rate > 0 ? ",rate=" + rate : "") + (loop != 1 ? ",loop=" + loop : "")
                + ",name=" + name;
        }
    }

    record PcapOut(Path file, String name) implements PortSpec
    {
        public String text()
        {
            return "pcap-out:" + file + ",name=" + name;
        }
    }

    /** @param devargs DPDK device arguments, e.g. {@code net_pcap0,rx_pcap=trace.pcap,infinite_rx=1} */
    record Dpdk(String devargs, String name) implements PortSpec
    {
        /** The device name: devargs up to the first comma. */
        public String device()
        {
            final int comma = devargs.indexOf(',');
            return comma < 0 ? devargs : devargs.substring(0, comma);
        }

        /** Whether the device is a virtual device EAL must be told about with {@code --vdev}. */
        public boolean isVdev()
        {
            return device().startsWith("net_");
        }

        public String text()
        {
            return "dpdk:" + devargs + (name.equals(device()) ? "" : ",name=" + name);
        }
    }

    /**
     * A VXLAN (RFC 7348) or Geneve (RFC 8926) tunnel port over the host's IP stack.
     *
     * @param protocol which encapsulation
     * @param remote   the far endpoint's underlay address (IPv4 or IPv6)
     * @param vni      the 24-bit virtual network identifier
     * @param local    the local underlay address to bind, or {@code null} for any (then the remote's family)
     * @param dstport  the UDP port both ends listen on
     * @param ttl      outer TTL / hop limit, 1..255, or 0 for the kernel's default
     * @param df       whether to set Don't Fragment on the outer IPv4 header (always so for IPv6)
     * @param mtu      the underlay MTU: encapsulated frames larger than this are dropped and counted
     * @param netns    the network namespace (under /var/run/netns) whose stack carries the underlay, or
     *                 {@code null} for the daemon's own
     */
    record Tunnel(TunnelProtocol protocol, InetAddress remote, int vni, InetAddress local,
        int dstport, int ttl, boolean df, int mtu, String netns, String name) implements PortSpec
    {
        public String text()
        {
            return protocol.label() + ":" + remote.getHostAddress() + ",vni=" + vni
                + (local != null ? ",local=" + local.getHostAddress() : "")
                + (dstport != protocol.defaultPort() ? ",dstport=" + dstport : "")
                + (ttl != 0 ? ",ttl=" + ttl : "") + (df ? "" : ",df=0") + (mtu != DEFAULT_MTU ? ",mtu=" + mtu : "")
                + (netns != null ? ",netns=" + netns : "") + ",name=" + name;
        }

        /** The underlay MTU a tunnel assumes unless told ({@code mtu=}). */
        public static final int DEFAULT_MTU = 1500;
    }

    /** The encapsulations a {@link Tunnel} port speaks. */
    enum TunnelProtocol
    {
        VXLAN("vxlan", 4789),
        GENEVE("geneve", 6081);

        private final String label;
        private final int defaultPort;

        TunnelProtocol(final String label, final int defaultPort)
        {
            this.label = label;
            this.defaultPort = defaultPort;
        }

        public String label()
        {
            return label;
        }

        /** The IANA-assigned UDP port. */
        public int defaultPort()
        {
            return defaultPort;
        }
    }

    /**
     * Parses a SPEC; errors name the SPEC and what is wrong with it.
     *
     * @throws IllegalArgumentException for an unknown kind, a missing value or a bad option
     */
    static PortSpec parse(final String spec)
    {
        if (spec == null || spec.isBlank())
        {
            throw new IllegalArgumentException("empty port spec");
        }
        final int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1)
        {
            throw new IllegalArgumentException("port spec '" + spec + "' must look like KIND:VALUE[,key=value...]"
                + " with KIND one of virtual, shm, afpacket, tap, pcap-in, pcap-out, dpdk, vxlan, geneve");
        }
        final String kind = spec.substring(0, colon);
        final String rest = spec.substring(colon + 1);
        if (kind.equals("dpdk"))
        {
            return parseDpdk(spec, rest);
        }
        final String[] parts = rest.split(",", -1);
        final String value = parts[0];
        if (value.isEmpty())
        {
            throw new IllegalArgumentException("port spec '" + spec + "': missing value after '" + kind + ":'");
        }
        final Map<String, String> options = options(spec, parts, 1);
        final String name = options.remove("name");
        final PortSpec parsed = switch (kind)
        {
            case "virtual" -> new Virtual(name != null ? name : value);
            case "shm" -> new Shm(Path.of(value), name != null ? name : Path.of(value).getFileName().toString());
            case "afpacket" -> new AfPacket(checkIfname(spec, value), name != null ? name : value);
            case "tap" -> new Tap(checkIfname(spec, value), name != null ? name : value);
            case "pcap-in" -> new PcapIn(Path.of(value), number(spec, options.remove("rate"), "rate", 0),
                number(spec, options.remove("loop"), "loop", 1),
                name != null ? name : Path.of(value).getFileName().toString());
            case "pcap-out" -> new PcapOut(Path.of(value), name != null ? name : Path.of(value).getFileName().toString());
            case "vxlan" -> tunnel(spec, TunnelProtocol.VXLAN, value, options, name);
            case "geneve" -> tunnel(spec, TunnelProtocol.GENEVE, value, options, name);
            default -> throw new IllegalArgumentException("port spec '" + spec + "': unknown kind '" + kind
                + "' (expected virtual, shm, afpacket, tap, pcap-in, pcap-out, dpdk, vxlan or geneve)");
        };
        if (!options.isEmpty())
        {
            throw new IllegalArgumentException("port spec '" + spec + "': unknown option(s) " + options.keySet()
                + " for kind " + kind);
        }
        checkName(spec, parsed.name());
        return parsed;
    }

    private static PortSpec tunnel(final String spec, final TunnelProtocol protocol, final String value,
        final Map<String, String> options, final String name)
    {
        final String remoteText = value.startsWith("remote=") ? value.substring(7) : value;
        if (remoteText.equals("flow"))
        {
            throw new IllegalArgumentException("port spec '" + spec + "': remote=flow (flow-based tunnels, whose"
                + " remote and VNI come from OpenFlow tun_dst/tun_id) is not supported yet; name a remote IP");
        }
        final InetAddress remote = address(spec, "remote", remoteText);
        final String localText = options.remove("local");
        final InetAddress local = localText == null ? null : address(spec, "local", localText);
        if (local != null && local.getAddress().length != remote.getAddress().length)
        {
            throw new IllegalArgumentException("port spec '" + spec + "': local " + localText + " and remote "
                + remoteText + " are not of the same IP family");
        }
        final long vni = bounded(spec, options.remove("vni"), "vni", 0, 0, 0xFFFFFF);
        final long dstport = bounded(spec, options.remove("dstport"), "dstport", protocol.defaultPort(), 1, 65535);
        final long ttl = bounded(spec, options.remove("ttl"), "ttl", 0, 1, 255);
        final long df = bounded(spec, options.remove("df"), "df", 1, 0, 1);
        final long mtu = bounded(spec, options.remove("mtu"), "mtu", Tunnel.DEFAULT_MTU, 576, 65535);
        final String netns = options.remove("netns");
        if (netns != null && (netns.isEmpty() || netns.contains("/") || netns.startsWith(".")))
        {
            throw new IllegalArgumentException("port spec '" + spec + "': netns '" + netns
                + "' must be a name under /var/run/netns");
        }
        return new Tunnel(protocol, remote, (int)vni, local, (int)dstport, (int)ttl, df == 1, (int)mtu, netns,
            name != null ? name : protocol.label() + "-" + remoteText.replace(':', '.') + "-" + vni);
    }

    private static InetAddress address(final String spec, final String key, final String text)
    {
        try
        {
            // a literal only: a port spec never waits on DNS
            return InetAddress.ofLiteral(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("port spec '" + spec + "': " + key + " '" + text
                + "' is not an IPv4 or IPv6 address");
        }
    }

    private static long bounded(final String spec, final String text, final String key, final long fallback,
        final long min, final long max)
    {
        if (text == null)
        {
            return fallback;
        }
        try
        {
            final long value = Long.parseLong(text);
            if (value < min || value > max)
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port spec '" + spec + "': " + key + " must be an integer in "
                + min + ".." + max + ", got '" + text + "'");
        }
    }

    private static PortSpec parseDpdk(final String spec, final String rest)
    {
        // devargs are DPDK's own key=value list; only name= is ours, and it is taken out
        final StringBuilder devargs = new StringBuilder();
        String name = null;
        for (final String part : rest.split(",", -1))
        {
            if (part.startsWith("name="))
            {
                name = part.substring(5);
            }
            else
            {
                devargs.append(devargs.isEmpty() ? "" : ",").append(part);
            }
        }
        if (devargs.isEmpty() || devargs.charAt(0) == ',')
        {
            throw new IllegalArgumentException("port spec '" + spec + "': missing DPDK device after 'dpdk:'");
        }
        final Dpdk dpdk = new Dpdk(devargs.toString(), name != null ? name : "");
        final Dpdk named = name != null ? dpdk : new Dpdk(dpdk.devargs(), dpdk.device());
        checkName(spec, named.name());
        return named;
    }

    private static Map<String, String> options(final String spec, final String[] parts, final int from)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (int i = from; i < parts.length; i++)
        {
            final int eq = parts[i].indexOf('=');
            if (eq <= 0)
            {
                throw new IllegalArgumentException("port spec '" + spec + "': option '" + parts[i]
                    + "' must be key=value");
            }
            if (options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1)) != null)
            {
                throw new IllegalArgumentException("port spec '" + spec + "': option '"
                    + parts[i].substring(0, eq) + "' given twice");
            }
        }
        return options;
    }

    private static long number(final String spec, final String text, final String key, final long fallback)
    {
        if (text == null)
        {
            return fallback;
        }
        try
        {
            final long value = Long.parseLong(text);
            if (value < 0)
            {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port spec '" + spec + "': " + key
                + " must be a non-negative integer, got '" + text + "'");
        }
    }

    private static String checkIfname(final String spec, final String ifname)
    {
        if (ifname.length() > 15 || ifname.contains("/") || ifname.contains(" "))
        {
            throw new IllegalArgumentException("port spec '" + spec + "': '" + ifname
                + "' is not a valid interface name (at most 15 characters, no '/' or spaces)");
        }
        return ifname;
    }

    private static void checkName(final String spec, final String name)
    {
        if (name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_.:@-]+"))
        {
            throw new IllegalArgumentException("port spec '" + spec + "': port name '" + name
                + "' must be 1..64 characters of letters, digits and _.:@-");
        }
    }
}
