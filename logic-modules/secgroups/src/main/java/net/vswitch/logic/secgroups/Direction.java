package net.vswitch.logic.secgroups;

/** Which way a rule looks: traffic a member sends ({@link #EGRESS}) or receives ({@link #INGRESS}). */
public enum Direction
{
    INGRESS("ingress"),
    EGRESS("egress");

    private final String word;

    Direction(final String word)
    {
        this.word = word;
    }

    /** The word used in commands and output. */
    public String word()
    {
        return word;
    }

    /** @throws IllegalArgumentException naming the words accepted */
    public static Direction parse(final String text)
    {
        for (final Direction d : values())
        {
            if (d.word.equalsIgnoreCase(text))
            {
                return d;
            }
        }
        throw new IllegalArgumentException("--direction must be ingress or egress, got '" + text + "'");
    }
}
