package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.core.field.FieldCatalogue;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices, pipes, huge files and expansion bombs are refused quickly, by name (docs/limits.md, "Rules
 * files").
 */
class HostileRulesFilesTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(120);

    private static LoadResult load(Path... files) {
        return new RulesLoader(FieldCatalogue.load(RulesLoader.class.getClassLoader())).loadPaths(List.of(files));
    }

    private static Diagnostic onlyError(LoadResult r) {
        assertThat(r.errors()).hasSize(1);
        return r.errors().get(0);
    }

    @Test
    void deviceFilesAreRefusedByTypeWithoutReadingThem() {
        for (String device : List.of("/dev/zero", "/dev/urandom")) {
            LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> load(Path.of(device)));
            Diagnostic d = onlyError(r);
            assertThat(d.code()).isEqualTo(DiagnosticCode.LOAD_ERR_FILE_READ);
            assertThat(d.message()).contains("a character device, not a rules file");
            assertThat(d.file()).isEqualTo(device);
        }
    }

    @Test
    void aNamedPipeIsRefusedWithoutWaitingForAWriter(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("rules.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mk.exitValue()).isZero();
        LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> load(fifo));
        assertThat(onlyError(r).message()).contains("a named pipe (FIFO), not a rules file");
    }

    @Test
    void aDirectoryIsRefusedByType(@TempDir Path dir) {
        assertThat(onlyError(load(dir)).message()).contains("a directory, not a rules file");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedBySizeBeforeItIsRead(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yaml");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(50L << 20); // sparse: 50 MB that were never written, so reading it would show
        }
        LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> load(big));
        assertThat(onlyError(r).message()).contains("52428800 bytes, more than the 16777216 allowed")
                .contains("maxRulesFileBytes");
    }

    /** 100k-item list, 98 aliases of it, 99 macros each adding one, one rule: 700 KB that used to need 5 GB. */
    static String aliasBomb() {
        StringBuilder b = new StringBuilder("- list: big\n  items: &b [");
        for (int i = 0; i < 100_000; i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("i%05d", i));
        }
        b.append("]\n");
        for (int k = 1; k < 99; k++) {
            b.append("- list: l").append(k).append("\n  items: *b\n");
        }
        b.append("- macro: m0\n  condition: proc.name in (big)\n");
        for (int k = 1; k < 99; k++) {
            b.append("- macro: m").append(k).append("\n  condition: m").append(k - 1)
                    .append(" or proc.name in (l").append(k).append(")\n");
        }
        return b.append("- rule: r\n  desc: d\n  condition: evt.type = open and m98\n  output: x\n  priority: WARNING\n")
                .toString();
    }

    @Test
    void anAliasBombIsRefusedQuicklyNamingTheLimit(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("bomb.yaml");
        Files.writeString(bomb, aliasBomb());
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> load(bomb));
        Diagnostic d = onlyError(r);
        assertThat(d.message()).contains("once its aliases are expanded");
    }

    @Test
    void aListBombWithoutAliasesIsRefusedQuicklyNamingTheLimit(@TempDir Path dir) throws Exception {
        // Lists of the big list instead of aliases: small YAML, huge conditions once lists are substituted.
        String text = aliasBomb().replace("  items: *b\n", "  items: [big]\n").replace("&b ", "");
        Path bomb = dir.resolve("bomb.yaml");
        Files.writeString(bomb, text);
        LoadResult r = assertTimeoutPreemptively(HANG_GUARD, () -> load(bomb));
        assertThat(r.errors()).isNotEmpty();
        assertThat(r.errors()).anySatisfy(d -> assertThat(d.message())
                .contains("once lists are substituted").contains("maxRulesExpandedChars"));
        assertThat(r.errors()).filteredOn(d -> d.message().contains("maxRulesExpandedChars")).hasSize(1);
    }

    @Test
    void aKeyGivenTwiceInARuleIsAnErrorAtTheSecondKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("twice.yaml");
        Files.writeString(file, """
                - rule: Twice
                  desc: d
                  condition: proc.name = bash
                  output: x
                  priority: WARNING
                  condition: proc.name = zsh
                """);
        Diagnostic d = onlyError(load(file));
        assertThat(d.line()).isEqualTo(6);
        assertThat(d.column()).isEqualTo(3);
        assertThat(d.message()).contains("'condition' is given twice").contains("first at line 3");
    }
}
