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
 * <p>{@link #ealArguments(Collection)} is what EAL finally gets: {@link #ealArgs()} (default
 * {@value #EAL_ARGS_DEFAULT}), plus {@code --no-shconf} unless the arguments choose a file prefix or
 * process type (so several vswitch processes and tests coexist without sharing
 * {@code /var/run/dpdk/rte}), plus a {@code --vdev=DEVARGS} for each {@code dpdk:} port whose device
 * is a virtual device ({@code net_...}) unless the arguments already name that device.
 *
 * @param ealArgs EAL arguments, without the program name
 * @param port    the shape of every DPDK port this process opens
 */
public record DpdkSettings(List<String> ealArgs, DpdkPortConfig port)
{
    public static final String EAL_ARGS_DEFAULT = "--no-huge -m 512 --no-pci";

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
        return new DpdkSettings(parseArgs(EAL_ARGS_DEFAULT), DpdkPortConfig.defaults());
    }

    /** Settings with EAL arguments given as one string, as {@code --dpdk-eal "ARGS"} takes them. */
    public static DpdkSettings of(final String ealArgs)
    {
        return new DpdkSettings(parseArgs(ealArgs), DpdkPortConfig.defaults());
    }

    public DpdkSettings withPort(final DpdkPortConfig port)
    {
        return new DpdkSettings(ealArgs, port);
    }

    public DpdkSettings withEalArgs(final List<String> ealArgs)
    {
        return new DpdkSettings(ealArgs, port);
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
        final List<String> args = new ArrayList<>(ealArgs);
        if (!hasOption(args, "--file-prefix") && !hasOption(args, "--no-shconf") && !hasOption(args, "--in-memory")
            && !hasOption(args, "--proc-type"))
        {
            args.add("--no-shconf");
        }
        for (final PortSpec.Dpdk spec : ports)
        {
            if (spec.isVdev() && !namesDevice(args, spec.device()))
            {
                args.add("--vdev=" + spec.devargs());
            }
        }
        return args;
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

    private static boolean hasOption(final List<String> args, final String option)
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
