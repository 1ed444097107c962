package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The reorder buffer against a plain sorted list: the same records leave in the same order, at the same moments. */
class ReorderBufferProperties {

    private static final long WINDOW = 100;

    /**
     * One step: a record of this kernel time arrives (op 0) with a file name of {@code length}
     * characters (so records differ in bytes), or the heartbeat says the clock reached it (op 1).
     */
    record Op(int kind, long time, int length) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Few distinct times, so ties (which must keep their arrival order) are common.
        Arbitrary<Op> add = net.jqwik.api.Combinators.combine(Arbitraries.longs().between(0, 400),
                Arbitraries.integers().between(0, 300)).as((t, n) -> new Op(0, t, n));
        Arbitrary<Op> beat = Arbitraries.longs().between(0, 600).map(t -> new Op(1, t, 0));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, add), net.jqwik.api.Tuple.of(1, beat)).list().ofMaxSize(300);
    }

    @Property(tries = 500)
    void releasesWhatASortedListReleasesInTheSameOrder(@ForAll("ops") List<Op> ops,
                                                       @ForAll @IntRange(min = 1, max = 40) int capacity,
                                                       @ForAll @IntRange(min = 100, max = 20_000) int maxBytes) {
        List<SensorRecord> released = new ArrayList<>();
        ReorderBuffer buffer = new ReorderBuffer(WINDOW, capacity, maxBytes, released::add);
        List<SensorRecord> expected = new ArrayList<>();
        // the model: waiting records in arrival order; the smallest time (first come among equals) leaves first
        List<SensorRecord> model = new ArrayList<>();
        Comparator<SensorRecord> byTime = Comparator.comparingLong(SensorRecord::ts);
        long early = 0;
        long id = 0;
        for (Op op : ops) {
            if (op.kind() == 0) {
                // the tid tells records of the same time apart
                SensorRecord r = new SensorRecord.FailedExec(op.time(), id++, 1, -2, false, -100, "x".repeat(op.length()), false);
                buffer.add(r);
                model.add(r);
                while (model.size() > capacity || model.stream().mapToLong(SensorRecord::bytes).sum() > maxBytes) {
                    early++;
                    SensorRecord first = model.stream().min(byTime).orElseThrow();
                    model.remove(first);
                    expected.add(first);
                }
            } else {
                buffer.advance(op.time());
                while (!model.isEmpty() && model.stream().min(byTime).orElseThrow().ts() <= op.time() - WINDOW) {
                    SensorRecord first = model.stream().min(byTime).orElseThrow();
                    model.remove(first);
                    expected.add(first);
                }
            }
            assertThat(released).isEqualTo(expected);
            assertThat(buffer.waiting()).isEqualTo(model.size());
            assertThat(buffer.waitingBytes()).isEqualTo(model.stream().mapToLong(SensorRecord::bytes).sum())
                    .isLessThanOrEqualTo(maxBytes);
        }
        buffer.flush();
        model.stream().sorted(byTime).forEach(expected::add);
        assertThat(released).isEqualTo(expected);
        assertThat(buffer.releasedEarly()).isEqualTo(early);
    }

    @Example
    void aRecordWaitsUntilTheClockPassedItByTheWindow() {
        List<SensorRecord> released = new ArrayList<>();
        ReorderBuffer buffer = new ReorderBuffer(WINDOW, 10, 1 << 20, released::add);
        SensorRecord late = new SensorRecord.Exit(50, 2, 2, 0, 1);
        SensorRecord early = new SensorRecord.Exit(20, 1, 1, 0, 1);
        buffer.add(late);
        buffer.add(early);
        buffer.advance(149);
        assertThat(released).containsExactly(early);
        buffer.advance(150);
        assertThat(released).containsExactly(early, late);
        assertThat(buffer.waiting()).isZero();
    }
}
