package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.sensor.ebpf.KnownCgroupPath.Held;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata.Found;
import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The laws of {@link ContainerIdentity} against one container whose runtime recorded its cgroup. */
class ContainerIdentityProperties {

    private static final String B = "b1b2b3b4b5b6" + "0".repeat(52);
    private static final String B_NAME = "docker-" + B + ".scope";

    /** Container {@link #B} recorded in {@code recorded}, on cgroup v2; notes counted in {@code notes}. */
    private static ContainerIdentity identity(String recorded, List<String> notes) {
        return identity(recorded, notes, new RecordsFromRoot());
    }

    private static ContainerIdentity identity(String recorded, List<String> notes, RecordsFromRoot fromRoot) {
        ContainerMetadata c = new ContainerMetadata(B.substring(0, 12), B, null, null, null, null, null, null, "docker", false,
                Map.of(), List.of(), 0, null, false, false, false, null);
        Found f = new Found(c, null, false, RecordedCgroups.of(Map.of("", "/sys/fs/cgroup" + recorded)));
        return new ContainerIdentity("", (ContainerRef r) -> r.fullId().equals(B) ? Optional.of(f) : Optional.empty(), notes::add,
                fromRoot);
    }

    private static String path(List<String> names) {
        return "/" + String.join("/", names);
    }

    @Property
    void aProcessInTheRecordedCgroupOrBelowItIsInTheContainer(@ForAll("names") List<String> above,
            @ForAll("names") List<String> below) {
        List<String> recorded = new ArrayList<>(above);
        recorded.add(B_NAME);
        List<String> process = new ArrayList<>(recorded);
        process.addAll(below);
        List<String> notes = new ArrayList<>();

        assertThat(identity(path(recorded), notes).of(path(process)).fullId()).isEqualTo(B);
        assertThat(notes).isEmpty();
    }

    @Property
    void aProcessNotBelowTheRecordedCgroupWithNoOtherContainerNameIsOnTheHost(@ForAll("names") List<String> recordedAbove,
            @ForAll("names") List<String> above, @ForAll("names") List<String> below) {
        List<String> recorded = new ArrayList<>(recordedAbove);
        recorded.add(B_NAME);
        List<String> process = new ArrayList<>(above);
        process.add(B_NAME);
        process.addAll(below);
        // nor below it once names above some point of the path are taken off (a runtime in another cgroup namespace)
        for (int i = 0; i < process.size(); i++) {
            Assume.that(!Path.of(path(process.subList(i, process.size()))).startsWith(Path.of(path(recorded))));
        }
        List<String> notes = new ArrayList<>();

        assertThat(identity(path(recorded), notes).of(path(process)).host()).isTrue();
        assertThat(notes).containsExactly(ContainerIdentity.NOT_ITS_CONTAINER);
    }

    @Property
    void aProcessBelowTheRecordedCgroupUnderOtherNamesIsInTheContainerCounted(@ForAll("names") List<String> recordedAbove,
            @ForAll("names") List<String> root, @ForAll("names") List<String> below) {
        Assume.that(!root.isEmpty());
        List<String> recorded = new ArrayList<>(recordedAbove);
        recorded.add(B_NAME);
        List<String> process = concat(concat(root, recorded), below);
        List<String> notes = new ArrayList<>();

        assertThat(identity(path(recorded), notes).of(path(process)).fullId()).isEqualTo(B);
        assertThat(notes).containsExactly(ContainerIdentity.FROM_ANOTHER_ROOT);
    }

    /** Every tail of a path in or below the recorded cgroup that still holds the container's name gets the container. */
    @Property
    void aTailOfAPathInTheRecordedCgroupOrBelowItIsInTheContainer(@ForAll("names") List<String> above,
            @ForAll("names") List<String> below, @ForAll int cutAt) {
        List<String> process = concat(concat(above, List.of(B_NAME)), below);
        int from = Math.floorMod(cutAt, above.size() + 1);
        List<String> tail = process.subList(from, process.size());
        List<String> notes = new ArrayList<>();
        RecordsFromRoot matched = new RecordsFromRoot();
        matched.matched();
        ContainerIdentity identity = identity(path(concat(above, List.of(B_NAME))), notes, matched);

        assertThat(identity.ofProc("/../.." + path(tail)).fullId()).isEqualTo(B);
        assertThat(identity.ofCut(path(tail)).fullId()).isEqualTo(B);
        assertThat(notes).containsOnly(ContainerIdentity.RELATIVE_PATH);
    }

    /**
     * A tail is known to be in the container when some names put above it make a path in or below the record
     * while the record's last name stays in the tail; when the tail holds the whole record below other names it
     * is taken only until a record held a whole path from the root; else the segment is refused.
     */
    @Property
    void aCutTailIsInTheContainerOnlyWhenNamesAboveItCouldMakeItSo(@ForAll("names") List<String> recordedAbove,
            @ForAll("names") List<String> before, @ForAll("names") List<String> after, @ForAll boolean matchedOnce) {
        List<String> recorded = concat(recordedAbove, List.of(B_NAME));
        List<String> tail = concat(concat(before, List.of(B_NAME)), after);
        Path record = Path.of(path(recorded));
        boolean consistent = false;
        for (int d = 0; d < recorded.size(); d++) {
            consistent |= Path.of(path(concat(recorded.subList(0, d), tail))).startsWith(record);
        }
        boolean belowOthers = false;
        for (int i = 0; i < tail.size(); i++) {
            belowOthers |= Path.of(path(tail.subList(i, tail.size()))).startsWith(record);
        }
        List<String> notes = new ArrayList<>();
        RecordsFromRoot fromRoot = new RecordsFromRoot();
        if (matchedOnce) {
            fromRoot.matched();
        }

        ContainerRef found = identity(path(recorded), notes, fromRoot).ofCut(path(tail));
        if (consistent) {
            assertThat(found.fullId()).isEqualTo(B);
            assertThat(notes).isEmpty();
        } else if (belowOthers && !matchedOnce) {
            assertThat(found.fullId()).isEqualTo(B);
            assertThat(notes).containsExactly(ContainerIdentity.FROM_ANOTHER_ROOT);
        } else {
            assertThat(found.host()).isTrue();
            assertThat(notes).containsExactly(ContainerIdentity.NOT_ITS_CONTAINER);
        }
    }

    @Property
    void belowIsWhatPathsSayBelowIs(@ForAll("names") List<String> a, @ForAll("names") List<String> b) {
        Assume.that(!a.isEmpty());
        String ancestor = path(a);
        String p = path(b);
        assertThat(KnownCgroupPath.whole(p).heldBy(ancestor) == Held.FROM_ROOT).isEqualTo(Path.of(p).startsWith(Path.of(ancestor)));
        assertThat(KnownCgroupPath.whole(path(concat(a, b))).heldBy(ancestor)).isEqualTo(Held.FROM_ROOT);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Cgroup names: short, from few letters (so that one path often begins another's names), never "." nor "..". */
    @Provide
    Arbitrary<List<String>> names() {
        Arbitrary<String> name = Arbitraries.strings().withChars("ab-.").ofMinLength(1).ofMaxLength(3)
                .filter(n -> !n.equals(".") && !n.equals(".."));
        return name.list().ofMaxSize(4);
    }
}
