package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import dev.kestrel.core.spi.SourceCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsEventsAndCountsWhatItCannotUse() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, """
                {"ts": 1, "type": "openat", "tid": 7, "pid": 7, "ret": 3, "args": {"fd": 3, "name": "/etc/shadow", "flags": "O_RDONLY"}}
                {"type": "nope", "tid": 7}
                {"fields": {"proc.name": "cat"}}
                # a comment
                {"ts": 2, "type": "close", "tid": 7, "args": {"fd": 3}}
                """);
        EventSource source = EventSourceProvider.find("jsonl").orElseThrow().create(List.of(file.toString()));
        List<String> seen = new CopyOnWriteArrayList<>();
        source.start(e -> seen.add(e.type() + " " + e.returnValue()));
        assertThat(source.await(Duration.ofSeconds(10))).isTrue();
        assertThat(seen).containsExactly(EventType.OPENAT + " 3", EventType.CLOSE + " 0");
        SourceCounters c = source.counters();
        assertThat(c.events()).isEqualTo(2);
        assertThat(c.unparsedTotal()).isEqualTo(1);
        assertThat(c.skipped()).containsEntry("field-value test line (use kestrel replay)", 1L);
        source.close();
    }

    @Test
    void aMissingFileIsOneSentence() throws EventSourceException {
        EventSource source = new JsonLinesSourceProvider().create(List.of(dir.resolve("none.jsonl").toString()));
        assertThatThrownBy(() -> source.start(e -> { })).isInstanceOf(EventSourceException.class)
                .hasMessageStartingWith("no such events file: ");
        assertThatThrownBy(() -> new JsonLinesSourceProvider().create(List.of())).hasMessageContaining("one argument");
    }
}
