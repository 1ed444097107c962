package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Every record seen in part is counted once, in the bucket its kernel time and kind say. */
class PartialRecordsProperties {

    /** A record seen in part: an exec (0), a call (1) or a part without a time (2), at kernel time {@code ts}. */
    record Seen(int kind, long ts) {
    }

    @Provide
    Arbitrary<List<Seen>> seen() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.longs().between(0, 1_000))
                .as(Seen::new).list().ofMaxSize(200);
    }

    @Property
    void eachRecordLandsInExactlyOneBucket(@ForAll("seen") List<Seen> records,
                                           @ForAll @LongRange(min = 0, max = 1_000) long attachedAt,
                                           @ForAll @LongRange(min = 0, max = 1_100) long detachOffset,
                                           @ForAll boolean detaching) {
        PartialRecords partial = new PartialRecords();
        partial.attachedAt(attachedAt);
        long detachingFrom = detaching ? attachedAt + detachOffset : Long.MAX_VALUE;
        if (detaching) {
            partial.detachingFrom(detachingFrom);
        }
        long attachingExpected = 0;
        long detachingExpected = 0;
        long lostExpected = 0;
        for (Seen s : records) {
            switch (s.kind()) {
                case 0 -> partial.exec(s.ts(), "lost");
                case 1 -> partial.call(s.ts(), "lost");
                default -> partial.untimed("lost");
            }
            if (s.kind() == 0 && s.ts() < attachedAt) {
                attachingExpected++;
            } else if (s.kind() == 2 ? detaching : s.ts() >= detachingFrom) {
                detachingExpected++;
            } else {
                lostExpected++;
            }
        }
        assertThat(partial.seenWhileAttaching()).isEqualTo(attachingExpected);
        assertThat(partial.seenWhileDetaching()).isEqualTo(detachingExpected);
        assertThat(partial.unparsed().getOrDefault("lost", 0L)).isEqualTo(lostExpected);
        assertThat(partial.seenWhileAttaching() + partial.seenWhileDetaching()
                + partial.unparsed().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(records.size());
    }
}
