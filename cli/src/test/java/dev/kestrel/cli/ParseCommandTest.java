package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        List<String> line = new ArrayList<>(List.of("parse"));
        line.addAll(List.of(args));
        return new KestrelCli().run(line, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheCanonicalForm() {
        assertThat(run("", "spawned_process and proc.name in(bash,sh) and not proc.pname=java")).isZero();
        assertThat(out()).isEqualTo("(spawned_process and proc.name in (bash, sh) and not proc.pname = java)"
                + System.lineSeparator());
        assertThat(err()).isEmpty();
    }

    @Test
    void printsTheAstAsJson() {
        assertThat(run("", "--json", "proc.name = \"a b\"")).isZero();
        assertThat(out()).startsWith("{\"type\":\"comparison\",\"line\":1,\"column\":1,\"left\":{\"type\":\"field\"")
                .contains("\"right\":{\"type\":\"literal\",\"line\":1,\"column\":13,\"text\":\"a b\"}");
    }

    @Test
    void aSyntaxErrorPrintsLineColumnAndCaretAndExitsOne() {
        assertThat(run("", "proc.name in (a, b) and")).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("1:24: error: expected a blank or '(' after 'and'" + System.lineSeparator()
                + "  proc.name in (a, b) and" + System.lineSeparator()
                + "                         ^" + System.lineSeparator());
    }

    @Test
    void errorsOnLaterLinesPointIntoThatLine() {
        assertThat(run("", "a and\n  b.c = \"x\\q\"")).isEqualTo(1);
        assertThat(err()).startsWith("2:11: error: invalid escape '\\q'")
                .contains("  " + "  b.c = \"x\\q\"" + System.lineSeparator() + "  " + " ".repeat(10) + "^");
    }

    @Test
    void longLinesAreShownAsAWindow() {
        assertThat(run("", "(".repeat(300) + "a")).isEqualTo(1);
        assertThat(err()).startsWith("1:201: error: expression nesting deeper than 1000 levels")
                .contains("...(((");
    }

    @Test
    void batchAnswersEveryLine() {
        String input = "\"proc.name=bash\"\n"
                + "\"a andb\"\n"
                + "not json\n"
                + "42\n"
                + "\n";
        assertThat(run(input, "--batch")).isZero();
        assertThat(out().lines().toList()).containsExactly(
                "{\"ok\":true,\"canonical\":\"proc.name = bash\"}",
                "{\"ok\":false,\"error\":\"expected a blank or '(' after 'and'\",\"line\":1,\"column\":6}",
                out().lines().toList().get(2),
                "{\"ok\":false,\"error\":\"input line is not a JSON string\",\"line\":1,\"column\":1}",
                out().lines().toList().get(4));
        assertThat(out().lines().toList().get(2)).startsWith("{\"ok\":false,\"error\":\"input line is not a JSON string: ");
        assertThat(out().lines().toList().get(4)).startsWith("{\"ok\":false,\"error\":\"input line is not a JSON string");
    }

    @Test
    void batchEscapesCanonicalTextAsJson() {
        assertThat(run("\"x.y = \\\"a \\\\\\\"q\\\\\\\"\\\"\"\n", "--batch")).isZero();
        assertThat(out()).isEqualTo("{\"ok\":true,\"canonical\":\"x.y = \\\"a \\\\\\\"q\\\\\\\"\\\"\"}" + System.lineSeparator());
    }

    @Test
    void badUsageExitsTwoWithTheUsage() {
        assertThat(run("")).isEqualTo(2);
        assertThat(err()).contains("expected exactly one condition").contains("usage: kestrel parse");
        assertThat(run("", "a", "b")).isEqualTo(2);
        assertThat(run("", "--batch", "a")).isEqualTo(2);
        assertThat(run("", "--frobnicate", "a")).isEqualTo(2);
    }

    @Test
    void aDoubleDashEndsTheOptions() {
        assertThat(run("", "--", "--json")).isEqualTo(1);
        assertThat(err()).startsWith("1:1: error: expected a '(' token, a field check, or an identifier");
    }

    @Test
    void helpShowsTheUsage() {
        assertThat(run("", "--help")).isZero();
        assertThat(out()).contains("kestrel parse --batch");
    }
}
