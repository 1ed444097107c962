package dev.kestrel.cli;

import dev.kestrel.core.event.Event;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.sensor.scap.ScapCounters;
import dev.kestrel.sensor.scap.ScapFormatException;
import dev.kestrel.sensor.scap.ScapReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Feeds a Falco/sysdig capture file into a Kestrel instance; what the reader skips is counted as skipped. */
final class CaptureFeed {

    /** What a replay read, and the sentence that ended it early (a truncated or corrupt capture), or null. */
    record Result(ScapCounters counters, String error) {
    }

    private CaptureFeed() {
    }

    /**
     * @throws IOException when the file cannot be opened or read (not for a damaged capture: that is
     *                     the result's {@code error}, after every event before the damage was processed)
     */
    static Result replay(Kestrel kestrel, Path file) throws IOException {
        try (ScapReader reader = ScapReader.open(file)) {
            Event event = new Event();
            String error = null;
            try {
                while (reader.next(event)) {
                    kestrel.process(event);
                }
            } catch (ScapFormatException e) {
                error = e.getMessage();
            }
            ScapCounters counters = reader.counters();
            for (Map.Entry<String, Long> s : counters.skipped().entrySet()) {
                for (long i = 0; i < s.getValue(); i++) {
                    kestrel.countSkipped(s.getKey());
                }
            }
            return new Result(counters, error);
        }
    }
}
