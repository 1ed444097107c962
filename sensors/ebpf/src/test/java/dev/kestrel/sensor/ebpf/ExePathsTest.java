package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ExePathsTest {

    private final ExePaths paths = new ExePaths(100, 1 << 20);

    /** Feeds a walk as the program prints it: the file's own name first, then its end. */
    private static void walk(ExePaths p, long key, int ending, String... namesFromFile) {
        for (int i = 0; i < namesFromFile.length; i++) {
            p.line(key, i, namesFromFile[i], false);
        }
        p.line(key, -1, ending + "|" + namesFromFile.length, false);
    }

    @Test
    void aWalkToTheRootIsTheAbsolutePathFromTheTopDown() {
        walk(paths, 7, ExePaths.REACHED_ROOT, "dash", "bin", "usr");
        assertThat(paths.path(7)).isEqualTo("/usr/bin/dash");
        assertThat(paths.path(8)).as("never walked").isNull();
    }

    /** Falco's eBPF drivers name a memfd's program {@code memfd:NAME}, which its rules compare with. */
    @Test
    void aNameInNoDirectoryHasNoLeadingSlash() {
        walk(paths, 7, ExePaths.OWN_PARENT, "memfd:runc_cloned:/proc/self/exe");
        assertThat(paths.path(7)).isEqualTo("memfd:runc_cloned:/proc/self/exe");
    }

    /** A file on a detached mount, or outside the process's root: its names up to that mount's top, from a slash. */
    @Test
    void aWalkEndingAtAMountWithoutParentIsAbsolute() {
        walk(paths, 7, ExePaths.MOUNT_WITHOUT_PARENT, "prog", "bin");
        assertThat(paths.path(7)).isEqualTo("/bin/prog");
    }

    /** A walk whose end line was lost leaves nothing that a later walk of the same file could take in. */
    @Test
    void aWalkStartsAfreshAtItsFilesName() {
        paths.line(7, 0, "x", false);
        paths.line(7, 1, "old", false);
        paths.line(7, 2, "opt", false);
        // the end was lost; a directory above was renamed, and the next period's walk loses its second name
        paths.line(7, 0, "x", false);
        paths.line(7, 2, "opt", false);
        paths.line(7, -1, "0|3", false);
        assertThat(paths.path(7)).as("not /opt/old/x").isNull();
        assertThat(paths.abandoned()).isEqualTo(1);
        walk(paths, 7, ExePaths.REACHED_ROOT, "x", "new", "opt");
        assertThat(paths.path(7)).isEqualTo("/opt/new/x");
    }

    /** struct mount not laid out as expected: the program walks nothing, and it is counted apart. */
    @Test
    void anUnexpectedMountLayoutIsCountedApart() {
        paths.line(7, -1, ExePaths.LAYOUT_UNEXPECTED + "|0", false);
        assertThat(paths.path(7)).isNull();
        assertThat(paths.layoutUnexpected()).isEqualTo(1);
        assertThat(paths.unusable()).isZero();
    }

    @Test
    void aWalkThatGaveNoPathIsCountedAndNotKept() {
        walk(paths, 1, ExePaths.TOO_DEEP, "x", "y");
        walk(paths, 2, ExePaths.MOUNT_WITHOUT_PARENT);
        paths.line(3, 0, "a".repeat(200), true);
        paths.line(3, 1, "bin", false);
        paths.line(3, -1, "0|2", false);
        paths.line(4, 0, "cat", false);
        paths.line(4, 2, "usr", false);
        paths.line(4, -1, "0|3", false);
        assertThat(paths.path(1)).isNull();
        assertThat(paths.path(2)).as("a detached mount's file: no name at all").isNull();
        assertThat(paths.path(3)).as("a name cut at the string limit would make a wrong path").isNull();
        assertThat(paths.path(4)).as("so would a name whose line was lost").isNull();
        assertThat(paths.unusable()).isEqualTo(4);
        assertThat(paths.size()).isZero();
    }

    /**
     * The program forgets its keys every period: a path stays while its file is walked again. A walk
     * right after the program forgot may be read before the line saying so (another CPU's buffer), so
     * it counts for the period before: it must outlive the next period too.
     */
    @Test
    void aPathNotWalkedForThreePeriodsIsForgotten() {
        walk(paths, 1, ExePaths.REACHED_ROOT, "a");
        walk(paths, 2, ExePaths.REACHED_ROOT, "b");
        paths.newPeriod();
        walk(paths, 2, ExePaths.REACHED_ROOT, "b");
        paths.newPeriod();
        assertThat(paths.path(1)).as("a walk read before the line of the period it belongs to").isEqualTo("/a");
        paths.newPeriod();
        assertThat(paths.path(1)).isNull();
        assertThat(paths.path(2)).isEqualTo("/b");
        paths.newPeriod();
        paths.newPeriod();
        assertThat(paths.size()).isZero();
        assertThat(paths.bytes()).isZero();
    }

    @Test
    void pastItsBoundsANewPathIsRefusedAndCounted() {
        ExePaths small = new ExePaths(2, 1 << 20);
        walk(small, 1, ExePaths.REACHED_ROOT, "a");
        walk(small, 2, ExePaths.REACHED_ROOT, "b");
        walk(small, 3, ExePaths.REACHED_ROOT, "c");
        walk(small, 1, ExePaths.REACHED_ROOT, "a2");
        assertThat(small.path(3)).isNull();
        assertThat(small.path(1)).as("a known file walked again is updated").isEqualTo("/a2");
        assertThat(small.refused()).isEqualTo(1);
        ExePaths few = new ExePaths(100, 300);
        walk(few, 1, ExePaths.REACHED_ROOT, "x".repeat(40));
        walk(few, 2, ExePaths.REACHED_ROOT, "y".repeat(200));
        assertThat(few.path(2)).isNull();
        assertThat(few.refused()).isEqualTo(1);
    }

    /** Walks of several CPUs interleave line by line in the reader: each key's names stay its own. */
    @Test
    void interleavedWalksStayApart() {
        paths.line(1, 0, "cat", false);
        paths.line(2, 0, "java", false);
        paths.line(1, 1, "bin", false);
        paths.line(2, 1, "bin", false);
        paths.line(2, 2, "jdk", false);
        paths.line(1, -1, "0|2", false);
        paths.line(2, -1, "0|3", false);
        assertThat(paths.path(1)).isEqualTo("/bin/cat");
        assertThat(paths.path(2)).isEqualTo("/jdk/bin/java");
    }

    /** An exec is named by its walked path when there is one; one without is counted as it goes out. */
    @Test
    void anExecIsNamedAfterItsWalkOrCounted() {
        walk(paths, 7, ExePaths.REACHED_ROOT, "dash", "bin", "usr");
        SensorRecord.Exec walked = exec(7);
        assertThat(((SensorRecord.Exec) paths.named(walked)).exe().path()).isEqualTo("/usr/bin/dash");
        assertThat(((SensorRecord.Exec) paths.named(exec(8))).exe().path()).isNull();
        assertThat(((SensorRecord.Exec) paths.named(exec(0))).exe().path()).as("no key: the program said nothing").isNull();
        assertThat(paths.unnamed()).as("only the exec whose key had no path").isEqualTo(1);
    }

    private static SensorRecord.Exec exec(long key) {
        return new SensorRecord.Exec(1, 2, 2, 1, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 2, new SensorRecord.ExeFile(key, 5, 0, 0, null),
                "sh", "/bin/sh", List.of("sh"), false, false, false);
    }

    /** Law: the names of any path, walked from the file up, give the path back; its bytes are counted and freed. */
    @Property
    void aWalkedPathComesBack(@ForAll @Size(min = 1, max = ExePaths.WALKED_LEVELS) List<@AlphaChars @NumericChars @StringLength(min = 1, max = 20) String> names) {
        ExePaths p = new ExePaths(100, 1 << 20);
        List<String> up = new ArrayList<>(names);
        java.util.Collections.reverse(up);
        walk(p, 42, ExePaths.REACHED_ROOT, up.toArray(String[]::new));
        assertThat(p.path(42)).isEqualTo("/" + String.join("/", names));
        assertThat(p.bytes()).isPositive();
        p.newPeriod();
        p.newPeriod();
        p.newPeriod();
        assertThat(p.bytes()).isZero();
    }
}
