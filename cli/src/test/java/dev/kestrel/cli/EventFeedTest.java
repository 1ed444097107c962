package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.runtime.KestrelLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replay counts every line it skips by its true reason, reports the event limits hit, and shows skips in line order. */
class EventFeedTest {

    private static final String TOO_LONG = "{\"type\": \"close\", \"tid\": 7, \"args\": {\"fd\": 3}, \"x\": \""
            + "y".repeat(300) + "\"}\n";
    private static final String TOO_DEEP = "{\"fields\": {\"x\": [[[[1]]]]}}\n";

    @Test
    void everySkippedLineKeepsItsReasonAndTheEventLimitsAreAmongTheLimitsReached() throws IOException {
        KestrelLimits limits = KestrelLimits.builder().maxEventLineBytes(200).maxEventJsonDepth(5).build();
        KestrelCounters c;
        try (Kestrel kestrel = Kestrel.builder().defaultRules().limits(limits).build()) {
            EventFeed.replay(kestrel, stream(TOO_LONG.repeat(300) + TOO_DEEP.repeat(150)));
            c = kestrel.counters();
        }

        assertThat(c.eventsSkipped()).isEqualTo(450);
        assertThat(c.skippedByReason()).containsOnlyKeys("line longer than the limit of 200 bytes",
                "not a JSON object: JSON nested deeper than 5 levels");
        assertThat(c.skippedByReason()).containsEntry("line longer than the limit of 200 bytes", 300L);
        assertThat(c.limitsHit()).containsEntry("maxEventLineBytes", 300L).containsEntry("maxEventJsonDepth", 150L);
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        ReplaySummary.print(c, List.of(), new PrintStream(summary, true, StandardCharsets.UTF_8));
        assertThat(summary.toString(StandardCharsets.UTF_8)).contains("Limits reached",
                "maxEventLineBytes: 300 time(s), event lines longer than the limit skipped",
                "maxEventJsonDepth: 150 time(s), event lines nested deeper than the limit skipped");
    }

    @Test
    void theFirstSkippedLinesAreShownInLineOrder() throws IOException {
        String events = "not json\n{\"fields\": {\"no.such.field\": 1}}\n{\"type\": \"nosuchcall\", \"tid\": 1}\n";
        EventFeed.Result r;
        try (Kestrel kestrel = Kestrel.builder().defaultRules().build()) {
            r = EventFeed.replay(kestrel, stream(events));
        }

        assertThat(r.skippedLines()).hasSize(3);
        assertThat(r.skippedLines()).extracting(line -> line.substring(0, line.indexOf(':')))
                .containsExactly("line 1", "line 2", "line 3");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
