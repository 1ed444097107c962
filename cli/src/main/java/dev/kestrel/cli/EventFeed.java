package dev.kestrel.cli;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

    static Result replay(Kestrel kestrel, InputStream in) throws IOException {
        List<String> shown = new ArrayList<>();
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
                        shown.add("line " + line + ": " + e.getMessage().lines().findFirst().orElse(""));
                    }
                }
            }
        });
        for (EventJsonReader.Skipped s : r.skippedLines()) {
            kestrel.countSkipped(s.reason());
        }
        for (long i = r.skippedLines().size(); i < r.skipped(); i++) {
            kestrel.countSkipped("malformed line");
        }
        r.skippedLines().stream().limit(SHOWN_SKIPS - shown.size()).forEach(s -> shown.add(s.toString()));
        return new Result(r.lines(), shown, r.cutStrings());
    }
}
