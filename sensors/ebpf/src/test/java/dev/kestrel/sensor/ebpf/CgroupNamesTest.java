package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CgroupNamesTest {

    private static void announce(CgroupNames names, long id, String... fromCgroupToRoot) {
        for (int level = 0; level < fromCgroupToRoot.length; level++) {
            names.name(id, level, fromCgroupToRoot[level]);
        }
    }

    @Test
    void aNameTheProgramCutEndsThePathBelowItAndIsCounted() {
        // G lines as bpftrace prints them: a 230-byte name keeps 199 bytes, which fill str()'s buffer
        List<SensorRecord> out = new java.util.ArrayList<>();
        CgroupNames names = new CgroupNames(10, 1 << 20);
        RecordAssembler assembler = new RecordAssembler(out::add, names, 4096, 500_000_000L);
        String cut = "s".repeat(BpftraceScript.STRING_BYTES - 1);
        for (String line : List.of("G|7|0|x", "G|7|1|" + cut, "G|7|2|system.slice", "G|7|3|",
                "G|8|0|" + cut, "G|8|1|", "G|9|0|" + cut.substring(1), "G|9|1|")) {
            assembler.accept(line);
        }

        assertThat(names.path(7)).isEqualTo("/x");
        assertThat(names.complete(7)).isFalse();
        assertThat(names.path(8)).as("its own name cut: nothing of its path is known").isNull();
        assertThat(names.complete(8)).isFalse();
        assertThat(names.path(9)).as("a name one byte short of the buffer is whole").isEqualTo("/" + cut.substring(1));
        assertThat(names.complete(9)).isTrue();
        assertThat(names.cutNames()).isEqualTo(2);
        assertThat(assembler.unparsed()).isEmpty();
    }

    @Test
    void aCgroupIsNamedFromItsHierarchysRootAndForgottenWhenRemoved() {
        CgroupNames names = new CgroupNames(10, 1 << 20);
        announce(names, 7, "c0ffee", "docker", "");
        assertThat(names.path(7)).isEqualTo("/docker/c0ffee");
        names.forget(7);
        assertThat(names.path(7)).isNull();
        assertThat(names.size()).isZero();
        assertThat(names.bytes()).isZero();
    }

    /** The program prints ten names at most: a deeper cgroup's tenth name is not its hierarchy's root. */
    @Test
    void aCgroupDeeperThanThePrintedLevelsKeepsItsTopmostPrintedName() {
        CgroupNames names = new CgroupNames(10, 1 << 20);
        String[] deep = new String[CgroupNames.PRINTED_LEVELS];
        for (int i = 0; i < deep.length; i++) {
            deep[i] = "n" + i;
        }
        announce(names, 9, deep);
        assertThat(names.path(9)).isEqualTo("/n9/n8/n7/n6/n5/n4/n3/n2/n1/n0");
        assertThat(names.complete(9)).isFalse();
        announce(names, 8, "n0", "");
        assertThat(names.complete(8)).isTrue();
        assertThat(names.complete(7)).isFalse();
    }

    /** Once the table was cleared when full, and the program names each cgroup once: every live one was lost for good. */
    @Test
    void aFullTableKeepsTheCgroupsItHoldsAndCountsTheOnesItCannotTake() {
        CgroupNames names = new CgroupNames(2, 1 << 20);
        announce(names, 1, "a", "");
        announce(names, 2, "b", "");
        announce(names, 3, "c", "");
        assertThat(names.path(1)).isEqualTo("/a");
        assertThat(names.path(2)).isEqualTo("/b");
        assertThat(names.path(3)).isNull();
        assertThat(names.refused()).isEqualTo(1);
        names.forget(1);
        announce(names, 3, "c", "");
        assertThat(names.path(3)).isEqualTo("/c");
    }

    @Test
    void theBytesOfTheNamesAreBoundedToo() {
        CgroupNames names = new CgroupNames(1000, 1000);
        announce(names, 1, "x".repeat(300), "");
        announce(names, 2, "y".repeat(300), "");
        announce(names, 3, "z".repeat(300), "");
        assertThat(names.bytes()).isLessThanOrEqualTo(1000);
        assertThat(names.refused()).isPositive();
        assertThat(names.path(1)).isNotNull();
    }

    /** A cgroup that could not take all its names, whose later names then fit, once read as the root: the host. */
    @Test
    void aCgroupRefusedPartWayIsNotTakenUpAgainByItsLaterNames() {
        CgroupNames names = new CgroupNames(1000, 600);
        names.name(1, 0, "x".repeat(100));
        names.name(1, 1, "y".repeat(400));
        names.name(1, 2, "");
        assertThat(names.path(1)).isNull();
        assertThat(names.refused()).isEqualTo(1);
        assertThat(names.size()).isZero();
    }

    @Test
    void aCgroupWhoseOwnNameWasNeverSeenHasNoPath() {
        CgroupNames names = new CgroupNames(2, 1 << 20);
        announce(names, 1, "a", "");
        announce(names, 2, "b", "");
        names.name(3, 0, "c");   // refused: full
        names.forget(1);
        names.name(3, 1, "");    // its parent's name arrives after a slot freed
        assertThat(names.path(3)).isNull();
    }

    record Op(boolean forget, long id, int level, String name) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.of(true, false, false),
                Arbitraries.longs().between(1, 6), Arbitraries.integers().between(-1, 17),
                Arbitraries.strings().alpha().ofMaxLength(40)).as(Op::new);
        return op.list().ofMaxSize(60);
    }

    /** Whatever is named and forgotten, the table's bytes and size come back to zero when all is forgotten. */
    @Property(tries = 300)
    void forgettingEveryCgroupFreesEveryByte(@ForAll("ops") List<Op> ops) {
        CgroupNames names = new CgroupNames(4, 600);
        for (Op o : ops) {
            if (o.forget()) {
                names.forget(o.id());
            } else {
                names.name(o.id(), o.level(), o.name());
            }
            assertThat(names.bytes()).isBetween(0L, 600L);
            assertThat(names.size()).isBetween(0, 4);
        }
        for (long id = 1; id <= 6; id++) {
            names.forget(id);
        }
        assertThat(names.bytes()).isZero();
        assertThat(names.size()).isZero();
    }
}
