package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The map behaves as a HashMap of long keys, and a copy (of a full or a shrunken table) is an independent equal map. */
class LongObjectMapProperties {

    @Provide
    Arbitrary<List<Long>> ops() {
        // Positive keys put, negative ones remove their absolute value; few distinct keys so removes hit.
        return Arbitraries.longs().between(-300, 300).filter(k -> k != 0).list().ofMaxSize(2000);
    }

    @Property(tries = 300)
    void aCopyHoldsTheSameEntriesAndChangesApart(@ForAll("ops") List<Long> ops, @ForAll("ops") List<Long> later) {
        LongObjectMap<String> map = new LongObjectMap<>(16);
        Map<Long, String> model = new HashMap<>();
        apply(ops, map, model);
        LongObjectMap<String> copy = map.copy();
        Map<Long, String> copyModel = new HashMap<>(model);
        assertSame(copy, copyModel);
        apply(later, copy, copyModel);
        assertSame(copy, copyModel);
        assertSame(map, model);
    }

    private static void apply(List<Long> ops, LongObjectMap<String> map, Map<Long, String> model) {
        for (long op : ops) {
            if (op > 0) {
                assertThat(map.put(op, "v" + op)).isEqualTo(model.put(op, "v" + op));
            } else {
                assertThat(map.remove(-op)).isEqualTo(model.remove(-op));
            }
        }
    }

    private static void assertSame(LongObjectMap<String> map, Map<Long, String> model) {
        assertThat(map.size()).isEqualTo(model.size());
        for (long k = 1; k <= 300; k++) {
            assertThat(map.get(k)).isEqualTo(model.get(k));
        }
    }
}
