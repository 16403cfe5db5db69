package net.vswitch.ports.dpdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import net.vswitch.ports.PortSpec;

/**
 * DPDK settings of one process: EAL arguments and the shape of every DPDK port. The daemon builds
 * one from {@code --dpdk-eal "ARGS"} (and its config file) and hands it to
 * {@link net.vswitch.ports.PortFactory}; an embedding program builds it directly.
 *
 * <p>{@link #ealArguments(Collection)} is what EAL finally gets. {@link #defaults()} is
 * <em>automatic</em>: {@value #EAL_ARGS_HUGEPAGES} when a hugetlbfs is mounted with enough free pages
 * for the configured ports (see {@link HugePages}), else {@value #EAL_ARGS_DEFAULT} (4 KB pages, which
 * costs DPDK forwarding about 40%: TLB misses on every mbuf). Given arguments are used as they are,
 * plus, unless they choose a file prefix or process type, {@code --in-memory} when they use huge pages
 * (so the pages go back to the kernel when the process ends, however it ends) or {@code --no-shconf}
 * without them (so several vswitch processes and tests coexist without sharing
 * {@code /var/run/dpdk/rte}), plus a {@code --vdev=DEVARGS} for each {@code dpdk:} port whose device
 * is a virtual device ({@code net_...}) unless the arguments already name that device.
 *
 * @param ealArgs   EAL arguments, without the program name; for automatic settings, the ones used
 *                  without huge pages
 * @param port      the shape of every DPDK port this process opens
 * @param automatic choose huge pages or 4 KB pages from what the machine offers when EAL starts
 */
public record DpdkSettings(List<String> ealArgs, DpdkPortConfig port, boolean automatic)
{
    /** Without huge pages: what automatic settings fall back to (and the default before huge pages). */
    public static final String EAL_ARGS_DEFAULT = "--no-huge -m 512 --no-pci";
    /** With huge pages: memory grows as ports need it; {@code --no-pci} is left out when a port is a PCI device. */
    public static final String EAL_ARGS_HUGEPAGES = "--in-memory --no-pci";
    /** EAL's own memory before any port (heap, memzones, rings), with room to spare. */
    static final long EAL_BASE_BYTES = 64L << 20;
    /** One mbuf in its mempool: 2176 B of buffer, the 128 B rte_mbuf, the mempool's header, aligned. */
    static final long MBUF_BYTES = 2432;
    private static final long MIB = 1L << 20;

    /** Settings that use exactly {@code ealArgs} (plus the additions of the class comment). */
    public DpdkSettings(final List<String> ealArgs, final DpdkPortConfig port)
    {
        this(ealArgs, port, false);
    }

    public DpdkSettings
    {
        ealArgs = List.copyOf(Objects.requireNonNull(ealArgs, "ealArgs"));
        Objects.requireNonNull(port, "port");
        for (final String arg : ealArgs)
        {
            if (arg.equals("-h") || arg.equals("--help"))
            {
                throw new IllegalArgumentException("EAL argument '" + arg + "' is not allowed: DPDK would print its"
                    + " usage and exit the whole process");
            }
        }
    }

    public static DpdkSettings defaults()
    {
        return new DpdkSettings(parseArgs(EAL_ARGS_DEFAULT), DpdkPortConfig.defaults(), true);
    }

    /** Settings with EAL arguments given as one string, as {@code --dpdk-eal "ARGS"} takes them. */
    public static DpdkSettings of(final String ealArgs)
    {
        return new DpdkSettings(parseArgs(ealArgs), DpdkPortConfig.defaults());
    }

    public DpdkSettings withPort(final DpdkPortConfig port)
    {
        return new DpdkSettings(ealArgs, port, automatic);
    }

    /** The same port shape with exactly these EAL arguments (no longer automatic). */
    public DpdkSettings withEalArgs(final List<String> ealArgs)
    {
        return new DpdkSettings(ealArgs, port, false);
    }

    /**
     * Splits an argument string on white space; single or double quotes keep spaces inside one
     * argument ({@code --vdev='net_pcap0,rx_pcap=/tmp/a b.pcap'}).
     *
     * @throws IllegalArgumentException for an unterminated quote
     */
    public static List<String> parseArgs(final String text)
    {
        final List<String> args = new ArrayList<>();
        if (text == null)
        {
            return args;
        }
        final StringBuilder current = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (quote != 0)
            {
                if (c == quote)
                {
                    quote = 0;
                }
                else
                {
                    current.append(c);
                }
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
                inArg = true;
            }
            else if (Character.isWhitespace(c))
            {
                if (inArg)
                {
                    args.add(current.toString());
                    current.setLength(0);
                    inArg = false;
                }
            }
            else
            {
                current.append(c);
                inArg = true;
            }
        }
        if (quote != 0)
        {
            throw new IllegalArgumentException("EAL arguments '" + text + "': unterminated " + quote + " quote");
        }
        if (inArg)
        {
            args.add(current.toString());
        }
        return args;
    }

    /** The arguments EAL gets when the given ports are known at start (see the class comment). */
    public List<String> ealArguments(final Collection<PortSpec.Dpdk> ports)
    {
        return plan(ports, HugePages.probe()).args();
    }

    /**
     * What EAL gets and why, given the configured ports and the machine's huge pages.
     *
     * @param ports     the {@code dpdk:} ports known at start
     * @param hugePages what the machine offers (only read by automatic settings)
     */
    public EalPlan plan(final Collection<PortSpec.Dpdk> ports, final HugePages hugePages)
    {
        final List<String> args;
        String fallback = null;
        if (automatic)
        {
            fallback = hugePages.shortfall(neededBytes(ports.size()));
            if (fallback == null)
            {
                args = parseArgs(EAL_ARGS_HUGEPAGES);
                if (!allVirtual(ports))
                {
                    args.remove("--no-pci");
                }
            }
            else
            {
                args = new ArrayList<>(ealArgs);
            }
        }
        else
        {
            args = new ArrayList<>(ealArgs);
        }
        if (!hasOption(args, "--file-prefix") && !hasOption(args, "--no-shconf") && !hasOption(args, "--in-memory")
            && !hasOption(args, "--proc-type"))
        {
            args.add(usesHugePages(args) && !hasOption(args, "--legacy-mem") ? "--in-memory" : "--no-shconf");
        }
        for (final PortSpec.Dpdk spec : ports)
        {
            if (spec.isVdev() && !namesDevice(args, spec.device()))
            {
                args.add("--vdev=" + spec.devargs());
            }
        }
        return new EalPlan(List.copyOf(args), fallback);
    }

    /** Huge page memory EAL needs for {@code ports} DPDK ports of this shape (at least one is counted). */
    public long neededBytes(final int ports)
    {
        final long perPort = port.mempoolSize() * MBUF_BYTES + 2 * MIB;
        return EAL_BASE_BYTES + Math.max(1, ports) * perPort;
    }

    /** Whether EAL started with {@code args} takes huge pages. */
    public static boolean usesHugePages(final List<String> args)
    {
        return !hasOption(args, "--no-huge");
    }

    private static boolean allVirtual(final Collection<PortSpec.Dpdk> ports)
    {
        for (final PortSpec.Dpdk spec : ports)
        {
            if (!spec.isVdev() && !spec.device().chars().allMatch(Character::isDigit))
            {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code args} already create or allow the device named {@code device}. */
    static boolean namesDevice(final List<String> args, final String device)
    {
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            String value = null;
            for (final String option : new String[] {"--vdev", "-a", "--allow", "-b", "--block"})
            {
                if (arg.equals(option) && i + 1 < args.size())
                {
                    value = args.get(i + 1);
                }
                else if (arg.startsWith(option + "=") && option.startsWith("--"))
                {
                    value = arg.substring(option.length() + 1);
                }
                else if (option.equals("-a") && arg.startsWith("-a") && arg.length() > 2)
                {
                    value = arg.substring(2);
                }
            }
            if (value != null)
            {
                final int comma = value.indexOf(',');
                if ((comma < 0 ? value : value.substring(0, comma)).equals(device))
                {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean hasOption(final List<String> args, final String option)
    {
        for (final String arg : args)
        {
            if (arg.equals(option) || arg.startsWith(option + "="))
            {
                return true;
            }
        }
        return false;
    }
}
