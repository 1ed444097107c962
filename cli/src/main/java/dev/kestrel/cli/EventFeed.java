package dev.kestrel.cli;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Feeds an event stream in JSON Lines into a Kestrel instance, counting the lines it cannot use. */
final class EventFeed {

    /** How many skipped lines the summary shows with their line number. */
    private static final int SHOWN_SKIPS = 5;

    /**
     * What a replay read: the number of lines, the first few skipped lines with their reason, and how
     * many string parameters were cut at the string limit.
     */
    record Result(long lines, List<String> skippedLines, long cutStrings) {
    }

    private EventFeed() {
    }

    /**
     * Reads {@code in} into {@code kestrel}, counting every line it cannot use by reason and every reading
     * limit hit in the engine's counters; the result shows the first few skipped lines in line order.
     */
    static Result replay(Kestrel kestrel, InputStream in) throws IOException {
        List<EventJsonReader.Skipped> shown = new ArrayList<>();
        EventJsonReader.Result r = kestrel.limits().eventReader().read(in, new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                kestrel.process(event);
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
                try {
                    kestrel.processFieldValues(fields);
                } catch (RulesLoadException | IllegalArgumentException e) {
                    kestrel.countSkipped("field-value event the rules cannot run on");
                    if (shown.size() < SHOWN_SKIPS) {
                        shown.add(new EventJsonReader.Skipped(line, e.getMessage().lines().findFirst().orElse("")));
                    }
                }
            }
        });
        kestrel.countSkippedLines(r);
        r.skippedLines().stream().limit(SHOWN_SKIPS).forEach(shown::add);
        List<String> firstSkipped = shown.stream().sorted(Comparator.comparingLong(EventJsonReader.Skipped::line))
                .limit(SHOWN_SKIPS).map(EventJsonReader.Skipped::toString).toList();
        return new Result(r.lines(), firstSkipped, r.cutStrings());
    }
}
