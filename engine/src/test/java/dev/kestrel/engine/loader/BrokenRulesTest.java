package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.field.FieldCatalogue;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken rules files under {@code src/test/resources/broken}: each file ends with a line
 * {@code # expect: error|warning CODE LINE:COLUMN message-fragment} naming the problem it must produce.
 */
class BrokenRulesTest {

    private static final Pattern EXPECT = Pattern.compile("# expect: (error|warning) (\\S+) (\\d+):(\\d+) ?(.*)");

    /** One corpus file and the diagnostic it must produce. */
    record Case(Path file, boolean error, String code, int line, int column, String fragment) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static Stream<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(BrokenRulesTest.class.getResource("/broken").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(f);
                Matcher m = EXPECT.matcher(lines.get(lines.size() - 1));
                if (!m.matches()) {
                    throw new IllegalStateException(f + " has no '# expect:' last line");
                }
                cases.add(new Case(f, m.group(1).equals("error"), m.group(2), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), m.group(5)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBrokenFileReportsItsProblemAtItsPlace(Case c) {
        LoadResult result = new RulesLoader(FieldCatalogue.load(RulesLoader.class.getClassLoader())).loadPaths(List.of(c.file()));
        List<Diagnostic> pool = c.error() ? result.errors() : result.warnings();
        assertThat(pool)
                .as("all diagnostics: %s %s", result.errors(), result.warnings())
                .anySatisfy(d -> {
                    assertThat(d.code().text()).isEqualTo(c.code());
                    assertThat(d.line()).isEqualTo(c.line());
                    assertThat(d.column()).isEqualTo(c.column());
                    assertThat(d.message()).contains(c.fragment());
                    assertThat(d.file()).isEqualTo(c.file().toString());
                });
        if (!c.error()) {
            assertThat(result.errors()).isEmpty();
        }
    }

    static long count() throws IOException, URISyntaxException {
        return cases().count();
    }
}
