package dev.kestrel.sensor.ebpf;

import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.v2;
import static dev.kestrel.sensor.ebpf.RecordedCgroupsTest.writeState;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Cgroup names a process chose for itself: too long for the program to print whole, or not UTF-8. Neither may
 * cost a container's process its container (a process that wants to pass as the host's can name its cgroups).
 */
class ContainerIdentityNamesTest extends ContainerIdentityWrites {

    private static final String D = "d1d2d3d4d5d6" + "7".repeat(52);
    private static final String E = "e1e2e3e4e5e6" + "8".repeat(52);

    /** A container's cgroup below a 230-byte name (up to 255 are allowed): the program prints its first 199 bytes. */
    @Test
    void aContainerBelowANameTheProgramCutKeepsItsContainer() throws Exception {
        String path = "/system.slice/" + "s".repeat(230) + "/docker-" + E + ".scope";
        writeState(root, E, "shop-e", v2(path));
        RecordAssembler assembler = new RecordAssembler(r -> { }, cgroups, 4096, 500_000_000L);
        String[] names = path.substring(1).split("/");
        for (int i = names.length - 1, level = 0; i >= 0; i--, level++) {
            assembler.accept("G|42|" + level + "|" + names[i].substring(0, Math.min(names[i].length(), 199)));
        }
        assembler.accept("G|42|" + names.length + "|");

        exec(writer(""), 100, 42);

        assertThat(processes()).containsExactly("execve 100 in e1e2e3e4e5e6");
        assertThat(cgroups.cutNames()).isEqualTo(1);
    }

    /**
     * A process nests its cgroups deeper than the 10 names the program prints, and names the last one with a byte
     * that is not UTF-8: the whole path is read from /proc all the same, not taken for a process gone.
     */
    @Test
    void aDeepCgroupWhoseNameIsNotUtf8IsReadFromProc() throws Exception {
        String deep = "/docker/" + D + "/a/b/c/d/e/f/g/h/i/j";
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes(("0::" + deep + "/").getBytes(StandardCharsets.US_ASCII));
        line.write(0xff);
        line.write('\n');
        Path dir = Files.createDirectories(proc.resolve("101"));
        Files.write(dir.resolve("cgroup"), line.toByteArray());
        EventWriter writer = writer("");

        exec(writer, 101, cgroup(deep + "/\uFFFD"));

        assertThat(processes()).containsExactly("execve 101 in d1d2d3d4d5d6");
        assertThat(writer.notes()).containsEntry("cgroup path read from /proc", 1L).doesNotContainKey("cgroup path unknown (process gone)");
    }
}
