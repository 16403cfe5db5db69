package net.vswitch.logic.secgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.vswitch.fabric.Clock;
import net.vswitch.fabric.SwitchLogic;
import net.vswitch.fabric.plugin.LogicProvider;
import net.vswitch.fabric.plugin.LogicSettings;
import net.vswitch.logic.conntrack.ConnectionTracker;
import net.vswitch.logic.conntrack.ConntrackConfig;

/**
 * {@code secgroups}: settings {@code groups} (a file of {@code secgroup ...} command lines, applied in
 * order; {@code #} starts a comment), {@code zone} (conntrack zone, default 0), {@code conntrack-limit}
 * (most connections, default 1 M) and {@code mac-table-limit} (MACs learnt for ports in no group).
 */
public final class SecurityGroupsProvider implements LogicProvider
{
    @Override
    public String name()
    {
        return "secgroups";
    }

    @Override
    public String description()
    {
        return "OpenStack-style security groups on a connection tracker (settings: groups, zone, conntrack-limit, "
            + "mac-table-limit)";
    }

    @Override
    public SwitchLogic create(final LogicSettings settings)
    {
        final String file = settings.string("groups", null);
        final int zone = (int)settings.number("zone", SecurityGroupsLogic.ZONE_DEFAULT, 0, ConntrackConfig.MAX_ZONE);
        final int limit = (int)settings.number("conntrack-limit", ConntrackConfig.TABLE_LIMIT_DEFAULT, 1, 1 << 26);
        final int macLimit = (int)settings.number("mac-table-limit", MacLearning.LIMIT_DEFAULT, 1, 1 << 24);
        settings.checkAllUsed();
        final SecurityGroups groups = new SecurityGroups();
        if (file != null)
        {
            load(groups, Path.of(file));
        }
        final ConnectionTracker tracker = new ConnectionTracker(ConntrackConfig.builder().tableLimit(limit).build(),
            Clock.SYSTEM);
        return new SecurityGroupsLogic(groups, tracker, true, zone, Clock.SYSTEM, macLimit);
    }

    /**
     * Applies a file of command lines ({@code secgroup create web}, or without the leading {@code secgroup}).
     *
     * @throws LogicSettings.InvalidSetting naming the file and line of the first bad one
     */
    static void load(final SecurityGroups groups, final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            throw new LogicSettings.InvalidSetting("groups", "setting 'groups' of logic secgroups: cannot read "
                + file + ": " + ex.getMessage());
        }
        final SecgroupCommands commands = new SecgroupCommands(groups, null);
        groups.batch(g -> apply(commands, file, lines));
    }

    private static void apply(final SecgroupCommands commands, final Path file, final List<String> lines)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i);
            final int hash = line.indexOf('#');
            if (hash >= 0)
            {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty())
            {
                continue;
            }
            final List<String> words = new ArrayList<>(Arrays.asList(line.split("\\s+")));
            if (words.get(0).equals(SecgroupCommands.SECGROUP))
            {
                words.remove(0);
            }
            try
            {
                if (!words.isEmpty() && words.get(0).equals("show"))
                {
                    throw new IllegalArgumentException("only changes belong in a groups file, not 'show'");
                }
                commands.secgroup(words, false);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new LogicSettings.InvalidSetting("groups", file + ":" + (i + 1) + ": " + ex.getMessage());
            }
        }
    }
}
