package dev.kestrel.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinksTest {

    static Alert alert(String rule) {
        return new Alert(1_470_327_477_881_781_397L, rule, Priority.WARNING, "syscall", "host-1",
                "16:17:57.881781397: Warning seen (proc=cat)", Map.of("evt.time", 1_470_327_477_881_781_397L, "proc.name", "cat"),
                List.of("b", "a"));
    }

    @Test
    void streamSinkWritesTextLines() throws Exception {
        StringWriter w = new StringWriter();
        try (StreamSink sink = new StreamSink("test", w, AlertLineFormat.TEXT, true)) {
            sink.accept(alert("r1"));
            sink.accept(alert("r2"));
        }
        assertThat(w.toString()).isEqualTo("16:17:57.881781397: Warning seen (proc=cat)\n".repeat(2));
    }

    @Test
    void streamSinkWritesJsonLines() throws Exception {
        StringWriter w = new StringWriter();
        new StreamSink("test", w, AlertLineFormat.JSON, true).accept(alert("r1"));
        assertThat(w.toString()).startsWith("{\"hostname\":\"host-1\",").contains("\"rule\":\"r1\"")
                .contains("\"tags\":[\"a\",\"b\"]").endsWith("\"time\":\"2016-08-04T16:17:57.881781397Z\"}\n");
    }

    @Test
    void fileSinkAppends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alerts.jsonl");
        AlertSinkProvider provider = AlertSinkProvider.find("file", getClass().getClassLoader());
        try (AlertSink sink = provider.create(Map.of("path", file.toString(), "format", "json"))) {
            sink.accept(alert("r1"));
        }
        try (AlertSink sink = provider.create(Map.of("path", file.toString(), "format", "json"))) {
            sink.accept(alert("r2"));
        }
        assertThat(Files.readAllLines(file)).as("the second sink appended after the first one's line")
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("{\"hostname\"").contains("\"rule\":\"r1\""),
                        second -> assertThat(second).startsWith("{\"hostname\"").contains("\"rule\":\"r2\""));
    }

    @Test
    void builtInProvidersAreFoundThroughServiceLoader() {
        assertThat(AlertSinkProvider.all(getClass().getClassLoader())).extracting(AlertSinkProvider::name)
                .contains("stdout", "file");
        assertThatThrownBy(() -> AlertSinkProvider.find("file", getClass().getClassLoader()).create(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'path'");
        assertThatThrownBy(() -> AlertSinkProvider.find("stdout", getClass().getClassLoader()).create(Map.of("format", "xml")))
                .hasMessageContaining("'text' or 'json'");
    }
}
