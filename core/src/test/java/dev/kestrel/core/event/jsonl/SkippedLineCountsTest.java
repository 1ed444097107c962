package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A read counts every skipped line by its reason, not only the lines whose reason it keeps. */
class SkippedLineCountsTest {

    private static final EventJsonReader.Handler IGNORE_EVENTS = new EventJsonReader.Handler() {
        @Override
        public void event(Event event, long line) {
        }

        @Override
        public void fieldValues(Map<String, Object> fields, long line) {
        }
    };

    @Test
    void everySkippedLineIsCountedByReasonPastTheReasonsKept() throws IOException {
        String tooLong = "{\"type\": \"close\", \"tid\": 7, \"args\": {\"fd\": 3}, \"x\": \"" + "y".repeat(300) + "\"}\n";
        String tooDeep = "{\"fields\": {\"x\": [[[[1]]]]}}\n";
        String text = tooLong.repeat(250) + tooDeep.repeat(150);

        EventJsonReader.Result r = new EventJsonReader(200, 4096, 5).read(stream(text), IGNORE_EVENTS);

        assertThat(r.skipped()).isEqualTo(400);
        assertThat(r.skippedLines()).hasSize(EventJsonReader.MAX_REASONS);
        assertThat(r.skippedByReason()).containsOnly(
                Map.entry("line longer than the limit of 200 bytes", 250L),
                Map.entry("not a JSON object: JSON nested deeper than 5 levels", 150L));
        assertThat(r.linesTooLong()).isEqualTo(250);
        assertThat(r.linesTooDeep()).isEqualTo(150);
    }

    @Test
    void theReasonsCountedAreBoundedAndLinesWithFurtherReasonsAreCountedTogether() throws IOException {
        StringBuilder text = new StringBuilder();
        int kinds = EventJsonReader.MAX_COUNTED_REASONS + 50;
        for (int i = 0; i < kinds; i++) {
            text.append("{\"type\": \"nosuchcall").append(i).append("\", \"tid\": 1}\n");
        }
        text.append("{\"type\": \"nosuchcall0\", \"tid\": 1}\n");

        EventJsonReader.Result r = new EventJsonReader().read(stream(text.toString()), IGNORE_EVENTS);

        assertThat(r.skipped()).isEqualTo(kinds + 1);
        assertThat(r.skippedByReason()).hasSize(EventJsonReader.MAX_COUNTED_REASONS + 1)
                .containsEntry("unknown event type \"nosuchcall0\"", 2L)
                .containsEntry(EventJsonReader.OTHER_REASONS, 50L);
        assertThat(r.skippedByReason().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(r.skipped());
        assertThat(r.linesTooLong()).isZero();
        assertThat(r.linesTooDeep()).isZero();
    }

    @Test
    void eachReadCountsItsOwnLimitHits() throws IOException {
        EventJsonReader reader = new EventJsonReader(1 << 20, 4, 5);
        String cut = "{\"type\": \"openat\", \"tid\": 7, \"ret\": 3, \"args\": {\"name\": \"/etc/passwd\"}}\n";
        String tooDeep = "{\"fields\": {\"x\": [[[[1]]]]}}\n";

        EventJsonReader.Result first = reader.read(stream(cut + tooDeep), IGNORE_EVENTS);
        EventJsonReader.Result second = reader.read(stream(cut + tooDeep), IGNORE_EVENTS);

        assertThat(first.cutStrings()).isEqualTo(1);
        assertThat(second.cutStrings()).isEqualTo(1);
        assertThat(second.linesTooDeep()).isEqualTo(1);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
