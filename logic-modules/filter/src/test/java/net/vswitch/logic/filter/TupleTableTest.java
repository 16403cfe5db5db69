package net.vswitch.logic.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The exact-match table against a HashMap, and its lock-free reads against a concurrent writer. */
class TupleTableTest
{
    /** 0 = insert, 1 = remove, 2 = remove every key of the holder. */
    record Op(int kind, int key, int holder)
    {
    }

    private static int meta(final int key)
    {
        return TupleTable.meta((key & 1) != 0, (key & 2) != 0 ? 6 : 17, key % 7);
    }

    private static long high(final int key)
    {
        return (key & 1) != 0 ? 0x2001_0DB8_0000_0000L : 0;
    }

    private static long low(final int key)
    {
        return key / 7;
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        return Combinators.combine(Arbitraries.of(0, 0, 0, 1, 1, 2), Arbitraries.integers().between(0, 400),
            Arbitraries.integers().between(0, 5)).as(Op::new).list().ofMaxSize(600);
    }

    @Property(tries = 200)
    void shouldBehaveLikeAMap(@ForAll("ops") final List<Op> ops)
    {
        final TupleTable table = new TupleTable(1 << 16);
        final Map<Integer, Integer> model = new HashMap<>();
        for (final Op op : ops)
        {
            switch (op.kind())
            {
                case 0 ->
                {
                    final Integer current = model.putIfAbsent(op.key(), op.holder());
                    assertEquals(current == null ? TupleTable.NONE : current,
                        table.insert(meta(op.key()), high(op.key()), low(op.key()), op.holder()));
                }
                case 1 ->
                {
                    final Integer current = model.remove(op.key());
                    assertEquals(current == null ? TupleTable.NONE : current,
                        table.remove(meta(op.key()), high(op.key()), low(op.key())));
                }
                default ->
                {
                    final int before = model.size();
                    model.values().removeIf(h -> h == op.holder());
                    assertEquals(before - model.size(), table.removeHolder(op.holder()));
                }
            }
        }
        assertEquals(model.size(), table.size());
        for (int key = 0; key <= 400; key++)
        {
            final Integer holder = model.get(key);
            assertEquals(holder == null ? TupleTable.NONE : holder, table.holder(meta(key), high(key), low(key)),
                "key " + key);
        }
    }

    @Test
    void shouldNeverMisreportAStableKeyWhileAWriterChurns() throws Exception
    {
        final TupleTable table = new TupleTable(1 << 16);
        final int stable = 3000;
        for (int key = 0; key < stable; key++)
        {
            table.insert(meta(key), high(key), low(key), key % 13);
        }
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            long rounds = 0;
            while (!done.get() || rounds < 1000)
            {
                for (int key = 0; key < stable; key++)
                {
                    final int holder = table.holder(meta(key), high(key), low(key));
                    if (holder != key % 13)
                    {
                        failure.compareAndSet(null, "key " + key + " read holder " + holder);
                    }
                }
                for (int key = stable; key < stable + 3000; key += 97)
                {
                    final int holder = table.holder(meta(key), high(key), low(key));
                    if (holder != TupleTable.NONE && holder != 100 + key % 7)
                    {
                        failure.compareAndSet(null, "churning key " + key + " read holder " + holder);
                    }
                }
                rounds++;
            }
        });
        reader.start();
        // inserts grow the table several times; removals shift chains back under the reader
        for (int round = 0; round < 40; round++)
        {
            for (int key = stable; key < stable + 3000; key++)
            {
                table.insert(meta(key), high(key), low(key), 100 + key % 7);
            }
            for (int key = stable; key < stable + 3000; key++)
            {
                table.remove(meta(key), high(key), low(key));
            }
        }
        done.set(true);
        reader.join();
        assertEquals(null, failure.get());
        assertEquals(stable, table.size());
    }
}
