package net.vswitch.logic.openflow.pipeline;

import java.util.Map;

/**
 * One immutable version of all tables and groups. The control side publishes a new one per change; a
 * translation reads one version from start to end, so no packet ever sees half an update.
 */
public record PipelineState(long version, Classifier[] tables, Map<Integer, GroupEntry> groups)
{
    public static final int TABLES = 255;

    public static PipelineState empty()
    {
        final Classifier[] tables = new Classifier[TABLES];
        java.util.Arrays.fill(tables, Classifier.EMPTY);
        return new PipelineState(1, tables, Map.of());
    }

    public Classifier table(final int id)
    {
        return tables[id];
    }
}
