package dev.kestrel.cli;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RulesLoadException;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds an event stream in JSON Lines into a Kestrel instance, counting the lines it cannot use. */
final class EventFeed {

    /** How many skipped lines the summary shows with their line number. */
    private static final int SHOWN_SKIPS = 5;

    /** What a replay read: the number of lines and the first few skipped lines with their reason. */
    record Result(long lines, List<String> skippedLines) {
    }

    private EventFeed() {
    }

    static Result replay(Kestrel kestrel, BufferedReader reader) throws IOException {
        List<String> shown = new ArrayList<>();
        EventJsonReader.Result r = new EventJsonReader().read(reader, new EventJsonReader.Handler() {
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
        return new Result(r.lines(), shown);
    }
}
