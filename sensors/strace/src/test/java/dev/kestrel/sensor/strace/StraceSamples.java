package dev.kestrel.sensor.strace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded strace outputs under {@code src/test/resources/strace/}. */
final class StraceSamples {

    private StraceSamples() {
    }

    static List<String> lines(String name) {
        try (InputStream in = StraceSamples.class.getResourceAsStream("/strace/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a whole sample; the parser is returned through {@code parserOut} for its counters. */
    static List<StraceRecord> records(String name, long defaultPid, StraceOutputParser[] parserOut) {
        List<StraceRecord> records = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(defaultPid, records::add);
        lines(name).forEach(parser::accept);
        parser.finish();
        if (parserOut != null) {
            parserOut[0] = parser;
        }
        return records;
    }

    static List<SyscallRecord> calls(List<StraceRecord> records, String name) {
        return records.stream().filter(r -> r instanceof SyscallRecord s && s.name().equals(name))
                .map(r -> (SyscallRecord) r).toList();
    }
}
