package net.vswitch.logic.openflow.channel;

/** One table's {@code ofp_table_features} with the properties OpenFlow 1.3 requires, from the codec's own tables. */
final class TableFeatures
{
    private static final int[] INSTRUCTIONS = {1, 2, 3, 4, 5};
    private static final int[] ACTIONS = {ActionCodec.OFPAT_OUTPUT, ActionCodec.OFPAT_PUSH_VLAN,
        ActionCodec.OFPAT_POP_VLAN, ActionCodec.OFPAT_GROUP, ActionCodec.OFPAT_DEC_NW_TTL, ActionCodec.OFPAT_SET_FIELD};

    private TableFeatures()
    {
    }

    static byte[] encode(final int table, final int tables)
    {
        final WireWriter w = new WireWriter().u16(0).u8(table).zeros(5).string("table" + table, 32).u64(-1L).u64(-1L)
            .u32(0).u32(1_000_000);
        property(w, 0, INSTRUCTIONS, 4, table < tables - 1 ? -1 : 1);
        final int start = w.size();
        w.u16(2).u16(0);
        for (int t = table + 1; t < tables; t++)
        {
            w.u8(t);
        }
        close(w, start);
        property(w, 4, ACTIONS, 4, -1);
        property(w, 6, ACTIONS, 4, -1);
        oxm(w, 8, false);
        oxm(w, 10, false);
        oxm(w, 12, true);
        oxm(w, 14, true);
        w.patch16(0, w.size());
        return w.toArray();
    }

    /** A list of 4-byte ids (type, length 4); {@code skip} leaves one type out (goto_table in the last table). */
    private static void property(final WireWriter w, final int type, final int[] ids, final int idLength,
        final int skip)
    {
        final int start = w.size();
        w.u16(type).u16(0);
        for (final int id : ids)
        {
            if (id != skip)
            {
                w.u16(id).u16(idLength);
            }
        }
        close(w, start);
    }

    private static void oxm(final WireWriter w, final int type, final boolean writableOnly)
    {
        final int start = w.size();
        w.u16(type).u16(0);
        for (final OxmField f : OxmCodec.FIELDS)
        {
            if (f.oxmClass() != OxmField.CLASS_NXM0 && OxmCodec.byField(f.field()) == f
                && (!writableOnly || f.field().writable()))
            {
                w.u32(f.header());
            }
        }
        close(w, start);
    }

    private static void close(final WireWriter w, final int start)
    {
        w.patch16(start + 2, w.size() - start);
        w.pad8(start);
    }
}
