package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> line = new ArrayList<>(List.of("fields"));
        line.addAll(List.of(args));
        return new KestrelCli().run(line, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void listsTheCatalogueByClass() {
        assertThat(run()).isZero();
        assertThat(out()).contains("Field class: proc (processes and threads")
                .containsPattern("proc\\.aname +string +\\[N\\] optional +yes ")
                .containsPattern("evt\\.arg +dynamic|evt\\.arg +string +\\.NAME or \\[N\\] +yes")
                .containsPattern("k8s\\.rc\\.name +string +none +no ")
                .containsPattern("\\d+ fields, \\d+ extracted by Kestrel");
    }

    @Test
    void printsJson() throws Exception {
        assertThat(run("--json", "fd.s")).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fields = (List<Map<String, Object>>) JsonReader.parse(out());
        assertThat(fields).extracting(m -> m.get("name")).contains("fd.sip", "fd.sport", "fd.snet", "fd.sockfamily")
                .allMatch(n -> ((String) n).startsWith("fd.s"));
        Map<String, Object> sip = fields.stream().filter(m -> m.get("name").equals("fd.sip")).findFirst().orElseThrow();
        assertThat(sip).containsEntry("type", "ipaddr").containsEntry("arg", "none").containsEntry("supported", true)
                .containsKey("description");
    }

    @Test
    void printsMarkdownAndRejectsBadUsage() {
        assertThat(run("--markdown", "user.")).isZero();
        assertThat(out()).startsWith("# Field reference").contains("\n## user\n")
                .contains("| field | type | argument | supported | meaning |").contains("| `user.name` | string | none | yes | ")
                .doesNotContain("`proc.name`");
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(run("--json", "--markdown")).isEqualTo(2);
    }

    @Test
    void theFieldReferenceInDocsIsWhatTheCatalogueSaysToday() throws Exception {
        Path page = SharedFiles.root().resolve("docs/fields.md");
        assertThat(run("--markdown")).isZero();
        assertThat(Files.readString(page))
                .as("docs/fields.md is out of date: regenerate it with ./kestrel fields --markdown > docs/fields.md")
                .isEqualTo(out());
    }
}
