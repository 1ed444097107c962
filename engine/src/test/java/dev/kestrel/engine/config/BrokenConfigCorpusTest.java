package dev.kestrel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Each file of {@code config/broken/} starts with {@code # expect: LINE:COL CODE text}: reading it
 * must give an error at that line and column, with that code and a message containing that text.
 */
class BrokenConfigCorpusTest {

    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (\\S+) (.*)");

    @TestFactory
    Stream<DynamicTest> everyBrokenConfigNamesItsErrorAndPosition() throws IOException {
        Path dir = Path.of("src/test/resources/config/broken");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String text = Files.readString(file);
            Matcher m = EXPECT.matcher(text.lines().findFirst().orElse(""));
            assertThat(m.matches()).as("first line of %s is '# expect: LINE:COL CODE text'", file).isTrue();
            KestrelConfig config = KestrelConfig.read(file, Map.of());
            assertThat(config.ok()).isFalse();
            Diagnostic first = config.errors().get(0);
            assertThat(first.file()).isEqualTo(file.toString());
            assertThat(first.line() + ":" + first.column()).as(first.format()).isEqualTo(m.group(1) + ":" + m.group(2));
            assertThat(first.code().text()).as(first.format()).isEqualTo(m.group(3));
            assertThat(first.message()).contains(m.group(4));
        }));
    }
}
