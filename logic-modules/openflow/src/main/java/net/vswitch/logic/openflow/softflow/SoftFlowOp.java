package net.vswitch.logic.openflow.softflow;

import java.util.List;
import java.util.Locale;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.ActionParser;
import net.vswitch.logic.openflow.action.DropCause;
import net.vswitch.logic.openflow.action.Translation;
import net.vswitch.logic.openflow.ct.Recirculation;

/**
 * {@code softflow(NAME,ARG)}: on the slow path, a SOFTFLOW op naming the action and the frozen state the packet
 * resumes with (table 0, metadata and registers, through the {@link Recirculation} ids ct() uses). The action
 * itself runs per packet; the packet then re-enters table 0 with sf_stage + 1 and sf_action = NAME.
 *
 * @param name     the action's name
 * @param argument ARG (0 when absent)
 */
public record SoftFlowOp(String name, long argument) implements Action
{
    /** Registers {@code softflow} with the action parser. */
    public static void register()
    {
        ActionParser.register("softflow", SoftFlowOp::parse);
    }

    /**
     * Parses {@code NAME[,ARG]}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static SoftFlowOp parse(final String arg)
    {
        if (arg == null || arg.isBlank())
        {
            throw new IllegalArgumentException("softflow needs (NAME[,ARG]), e.g. softflow(conntrack,1)");
        }
        final List<String> parts = ActionParser.split(arg);
        if (parts.size() > 2)
        {
            throw new IllegalArgumentException("softflow takes NAME and at most one ARG: '" + arg + "'");
        }
        final String name = parts.get(0).trim().toLowerCase(Locale.ROOT);
        SoftFlowNames.id(name);
        long value = 0;
        if (parts.size() == 2)
        {
            final String t = parts.get(1).trim().toLowerCase(Locale.ROOT);
            try
            {
                value = t.startsWith("0x") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("softflow: bad ARG '" + parts.get(1).trim() + "' (a number)");
            }
        }
        return new SoftFlowOp(name, value);
    }

    @Override
    public void translate(final Translation xlate)
    {
        final int resume = Recirculation.id(0, xlate.key());
        if (resume == 0)
        {
            xlate.halt(DropCause.RECIRC_IDS);
            return;
        }
        xlate.program().softflow(SoftFlowNames.id(name), argument, resume);
        // what follows in this pass is not the action's business; the next stage decides
        xlate.halt(DropCause.NO_OUTPUT);
    }

    @Override
    public String toString()
    {
        return "softflow(" + name + "," + argument + ")";
    }
}
