package dev.kestrel.engine.cli;

import dev.kestrel.engine.runtime.Kestrel;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/** Feeds an event stream in JSON Lines into a Kestrel instance, counting the lines it cannot use. */
final class EventFeed {

    /** What a replay read: the number of lines and the first few skipped lines with their reason. */
    record Result(long lines, List<String> skippedLines) {
    }

    private EventFeed() {
    }

    static Result replay(Kestrel kestrel, BufferedReader reader) throws IOException {
        // TODO(fields): read with the event reader once it lands.
        long n = 0;
        while (reader.readLine() != null) {
            n++;
        }
        return new Result(n, List.of());
    }
}
