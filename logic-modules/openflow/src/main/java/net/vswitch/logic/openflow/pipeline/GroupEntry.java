package net.vswitch.logic.openflow.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.vswitch.logic.openflow.action.Action;
import net.vswitch.logic.openflow.action.ActionParser;

/**
 * An OpenFlow group in ovs-ofctl's syntax:
 * {@code group_id=1,type=select,bucket=weight:10,actions=output:1,bucket=weight:20,actions=output:2}.
 */
public record GroupEntry(int groupId, Type type, List<Bucket> buckets)
{
    /** Group types; {@link #text} is ovs-ofctl's spelling. */
    public enum Type
    {
        ALL("all"), SELECT("select"), INDIRECT("indirect"), FAST_FAILOVER("fast_failover");

        private final String text;

        Type(final String text)
        {
            this.text = text;
        }

        public String text()
        {
            return text;
        }
    }

    /** One bucket: its weight (select), the port whose liveness it watches (fast_failover), its actions. */
    public record Bucket(int weight, int watchPort, List<Action> actions)
    {
        @Override
        public String toString()
        {
            final StringBuilder s = new StringBuilder("bucket=");
            if (weight != 1 && weight != 0)
            {
                s.append("weight:").append(weight).append(',');
            }
            if (watchPort > 0)
            {
                s.append("watch_port:").append(watchPort).append(',');
            }
            final List<String> a = new ArrayList<>();
            actions.forEach(x -> a.add(x.toString()));
            return s.append("actions=").append(a.isEmpty() ? "drop" : String.join(",", a)).toString();
        }
    }

    /** Parses a group; errors name the part that is wrong. */
    public static GroupEntry parse(final String text)
    {
        final String t = text.trim();
        final int firstBucket = t.indexOf("bucket=");
        final String head = firstBucket < 0 ? t : t.substring(0, firstBucket);
        Integer id = null;
        Type type = null;
        for (final String part : ActionParser.split(head.replaceAll(",\\s*$", "")))
        {
            if (part.isEmpty())
            {
                continue;
            }
            final int eq = part.indexOf('=');
            final String key = eq < 0 ? part : part.substring(0, eq).trim();
            final String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            switch (key)
            {
                case "group_id" -> id = number("group_id", value);
                case "type" -> type = type(value);
                default -> throw new IllegalArgumentException("unknown group field '" + key + "' (expected group_id, "
                    + "type, bucket)");
            }
        }
        if (id == null)
        {
            throw new IllegalArgumentException("group needs group_id=N");
        }
        if (type == null)
        {
            throw new IllegalArgumentException("group " + id + " needs type=all|select|indirect|fast_failover");
        }
        final List<Bucket> buckets = new ArrayList<>();
        if (firstBucket >= 0)
        {
            for (final String b : t.substring(firstBucket + "bucket=".length()).split(",\\s*bucket="))
            {
                buckets.add(bucket(b));
            }
        }
        if (type == Type.INDIRECT && buckets.size() != 1)
        {
            throw new IllegalArgumentException("indirect group " + id + " needs exactly one bucket, has "
                + buckets.size());
        }
        return new GroupEntry(id, type, List.copyOf(buckets));
    }

    private static Bucket bucket(final String text)
    {
        int weight = 1;
        int watch = 0;
        final List<Action> actions = new ArrayList<>();
        boolean inActions = false;
        for (final String part : ActionParser.split(text))
        {
            final String p = part.trim();
            final String lower = p.toLowerCase(Locale.ROOT);
            if (!inActions && (lower.startsWith("weight:") || lower.startsWith("weight=")))
            {
                weight = number("weight", p.substring(7));
            }
            else if (!inActions && (lower.startsWith("watch_port:") || lower.startsWith("watch_port=")))
            {
                watch = number("watch_port", p.substring(11));
            }
            else if (!inActions && (lower.startsWith("bucket_id:") || lower.startsWith("bucket_id=")))
            {
                number("bucket_id", p.substring(10));
            }
            else
            {
                final String a = !inActions && (lower.startsWith("actions=") || lower.startsWith("actions:"))
                    ? p.substring(8) : p;
                inActions = true;
                final Action action = ActionParser.parse(a);
                if (action != null)
                {
                    actions.add(action);
                }
            }
        }
        return new Bucket(weight, watch, List.copyOf(actions));
    }

    private static Type type(final String text)
    {
        for (final Type type : Type.values())
        {
            if (type.text.equals(text))
            {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown group type '" + text + "' (all, select, indirect, fast_failover)");
    }

    private static int number(final String what, final String text)
    {
        try
        {
            final long v = Long.parseLong(text.trim());
            if (v < 0 || v > 0xFFFFFF00L)
            {
                throw new NumberFormatException();
            }
            return (int)v;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(what + ": bad number '" + text.trim() + "'");
        }
    }

    /** ovs-ofctl dump-groups' text. */
    @Override
    public String toString()
    {
        final StringBuilder s = new StringBuilder("group_id=").append(Integer.toUnsignedString(groupId))
            .append(",type=").append(type.text);
        for (final Bucket b : buckets)
        {
            s.append(',').append(b);
        }
        return s.toString();
    }
}
