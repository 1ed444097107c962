package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reads events in JSON Lines, one JSON object per line: syscall events, process snapshots, container
 * and pod metadata, and field-value test events. A line that cannot be used is counted and skipped
 * with its line number and a reason; it never stops the stream or reaches the caller as an exception.
 *
 * <pre>
 * {"ts": 1700000000000000000, "type": "openat", "tid": 101, "pid": 101, "ret": 3,
 *  "args": {"dirfd": -100, "name": "/etc/shadow", "flags": "O_RDONLY"}}
 * {"snapshot": {"pid": 1, "ppid": 0, "comm": "systemd", "exe": "/sbin/init", "args": []}}
 * {"container": {"id": "3ad7b26ded6d", "name": "web", "repository": "nginx", "tag": "1.25"}}
 * {"pod": {"uid": "9f3c...", "name": "web-7d4b9", "namespace": "blog-system", "containers": ["3ad7b26ded6d"]}}
 * {"user": {"uid": 101, "name": "nginx", "home": "/nonexistent", "shell": "/sbin/nologin"}}
 * {"group": {"gid": 101, "name": "nginx"}}
 * {"host": {"ip": "10.96.0.1", "name": "kubernetes.default.svc.cluster.local"}}
 * {"fields": {"evt.type": "openat", "proc.name": "cat", "fd.name": "/etc/shadow"}}
 * </pre>
 * Blank lines and lines starting with {@code #} are ignored.
 *
 * <p>{@link #read(InputStream, Handler)} is the fast way: it decodes syscall events from the bytes
 * into one reused {@link Event} without a string per line or a map per object, and applies the
 * reader's limits: a line that is not valid UTF-8, longer than the line limit or nested deeper than
 * the depth limit is skipped and counted with its line number (a long line is never held whole), a
 * long string parameter is cut and marked. An engine's reader takes its limits from
 * {@code KestrelLimits} (engine module), which documents them. Not thread-safe: use one reader per
 * stream; it keeps the last timestamp between lines.
 */
public final class EventJsonReader {

    /** How many skipped lines keep their reason in a {@link Result}; the count is always exact. */
    public static final int MAX_REASONS = 100;

    /**
     * How many different reasons a {@link Result} counts skipped lines under; lines skipped for further
     * reasons are counted under {@link #OTHER_REASONS}.
     */
    public static final int MAX_COUNTED_REASONS = 100;

    /** The reason lines are counted under once {@link #MAX_COUNTED_REASONS} different reasons were seen. */
    public static final String OTHER_REASONS = "other reasons (more than " + MAX_COUNTED_REASONS
            + " different reasons in one stream)";

    /** The longest line read by default, in bytes without the line end: 1 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

    /** The longest string parameter kept by default, in bytes of UTF-8: 4 KiB (as strace cuts with -s). */
    public static final int DEFAULT_MAX_STRING_BYTES = 4096;

    /** The deepest nesting of objects and arrays in a line by default: 512 levels. */
    public static final int DEFAULT_MAX_JSON_DEPTH = 512;

    /** The smallest depth limit: an event line nests three levels (the line, its args, a list). */
    public static final int MIN_JSON_DEPTH = 4;

    /** The largest depth limit, so that a deeply nested line can never exhaust a thread's stack. */
    public static final int MAX_JSON_DEPTH = 1024;

    /** Receives what the reader produced. The event instance is reused: do not keep it. */
    public interface Handler {
        /** A syscall event or a Kestrel record (snapshot, container, pod). */
        void event(Event event, long line);

        /** A field-value test event: field as written to its value (string, number, boolean, list or null). */
        void fieldValues(Map<String, Object> fields, long line);

        /** A line that cannot be used, with the reason (also kept in the {@link Result}); by default ignored. */
        default void skippedLine(long line, String reason) {
        }
    }

    /** A line that was skipped, and why. */
    public record Skipped(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /**
     * What a read produced: lines read, events and field-value events handed over, lines skipped (the
     * first {@link #MAX_REASONS} with line and reason, every one counted by reason in
     * {@code skippedByReason}), blank and comment lines ignored, lines skipped for the line limit and for
     * the depth limit, and string parameters cut at the string limit (all counted in this read only).
     * {@code lines = events + fieldValueEvents + skipped + ignored}, and the reason counts add up to {@code skipped}.
     */
    public record Result(long lines, long events, long fieldValueEvents, long skipped, List<Skipped> skippedLines,
                         Map<String, Long> skippedByReason, long ignored, long linesTooLong, long linesTooDeep,
                         long cutStrings) {
        public Result {
            skippedLines = List.copyOf(skippedLines);
            skippedByReason = Map.copyOf(skippedByReason);
        }
    }

    /** The outcome of parsing one line. */
    public sealed interface Line {
        /** The line filled the event. */
        record Parsed() implements Line {
        }

        /** The line is a field-value event. */
        record FieldValues(Map<String, Object> fields) implements Line {
        }

        /** A blank or comment line. */
        record Ignored() implements Line {
        }

        /** The line cannot be used. */
        record Malformed(String reason) implements Line {
        }
    }

    private static final Line PARSED = new Line.Parsed();
    private static final Line IGNORED = new Line.Ignored();

    private final EventReadLimits limits;
    private final StreamingLineDecoder streaming;
    private final MapLineDecoder plain;
    private long lastTimestamp;
    private long passedOn;

    /** A reader with the default limits (1 MiB lines, 4 KiB string parameters, 512 levels of nesting). */
    public EventJsonReader() {
        this(EventReadLimits.DEFAULTS);
    }

    /**
     * A reader with these limits: the longest line in bytes (longer lines are skipped and counted),
     * the longest string parameter in bytes (longer ones are cut and marked), and the deepest nesting
     * of a line (deeper lines are skipped and counted).
     *
     * @throws IllegalArgumentException when a byte limit is not positive, or the depth is not between
     *                                  {@link #MIN_JSON_DEPTH} and {@link #MAX_JSON_DEPTH}
     */
    public EventJsonReader(int maxLineBytes, int maxStringBytes, int maxJsonDepth) {
        this(new EventReadLimits(maxLineBytes, maxStringBytes, maxJsonDepth));
    }

    EventJsonReader(EventReadLimits limits) {
        this.limits = limits;
        this.streaming = new StreamingLineDecoder(limits.maxStringBytes());
        this.plain = new MapLineDecoder(limits.maxStringBytes(), limits.maxJsonDepth());
    }

    /**
     * Reads every line of {@code in} (UTF-8) until its end; I/O errors propagate, bad lines are
     * counted. The stream is not closed.
     */
    public Result read(InputStream in, Handler handler) throws IOException {
        return read(in, handler, () -> false);
    }

    /**
     * Like {@link #read(InputStream, Handler)}, stopping early (after the line in hand) once
     * {@code stopRequested} says so, which it is asked before each line.
     */
    public Result read(InputStream in, Handler handler, BooleanSupplier stopRequested) throws IOException {
        ByteLines lines = new ByteLines(in, limits.maxLineBytes());
        Event event = new Event();
        Counts counts = new Counts(handler, plain.linesTooDeep(), cutStrings());
        while (!stopRequested.getAsBoolean() && lines.next()) {
            long lineNo = ++counts.lines;
            long tooLong = lines.tooLongBytes();
            if (tooLong >= 0) {
                counts.linesTooLong++;
                counts.skip(lineNo, "line of " + tooLong + " bytes is longer than the limit of "
                        + limits.maxLineBytes() + " bytes; skipped without reading it whole",
                        "line longer than the limit of " + limits.maxLineBytes() + " bytes");
                continue;
            }
            byte[] b = lines.bytes();
            int start = lines.start();
            int end = lines.end();
            if (!lines.ascii()) {
                int bad = Utf8Check.firstInvalid(b, start, end);
                if (bad >= 0) {
                    counts.skip(lineNo, "not valid UTF-8 text: byte " + (bad - start + 1) + " of the line");
                    continue;
                }
            }
            int r = streaming.decode(b, start, end, event, lastTimestamp);
            if (r == StreamingLineDecoder.PARSED) {
                lastTimestamp = event.timestampNanos();
                counts.events++;
                handler.event(event, lineNo);
            } else if (r == StreamingLineDecoder.IGNORED) {
                counts.ignored++;
            } else {
                passedOn++;
                counts.take(decodePlain(new String(b, start, end - start, StandardCharsets.UTF_8), event), event, lineNo);
            }
        }
        return counts.result(plain.linesTooDeep(), cutStrings());
    }

    /**
     * Reads every line of {@code in}; I/O errors propagate, bad lines are counted. Slower than
     * {@link #read(InputStream, Handler)} (each line is a string first) and without its line limit.
     */
    public Result read(BufferedReader in, Handler handler) throws IOException {
        Event event = new Event();
        Counts counts = new Counts(handler, plain.linesTooDeep(), cutStrings());
        String text;
        while ((text = in.readLine()) != null) {
            long lineNo = ++counts.lines;
            counts.take(parse(text, event), event, lineNo);
        }
        return counts.result(plain.linesTooDeep(), cutStrings());
    }

    /**
     * Parses one line into {@code into} (for syscall events and records) and says what it was.
     * A line without {@code "ts"} gets the previous line's timestamp.
     */
    public Line parse(String text, Event into) {
        if (!wellFormed(text)) {
            passedOn++;
            return decodePlain(text, into);
        }
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int r = streaming.decode(b, 0, b.length, into, lastTimestamp);
        if (r == StreamingLineDecoder.PARSED) {
            lastTimestamp = into.timestampNanos();
            return PARSED;
        }
        if (r == StreamingLineDecoder.IGNORED) {
            return IGNORED;
        }
        passedOn++;
        return decodePlain(text, into);
    }

    /** How many string parameters this reader has cut at the string limit. */
    public long cutStrings() {
        return streaming.cutStrings() + plain.cutStrings();
    }

    /** How many lines the streaming decoder passed on to the plain one (records, field values, errors). */
    long passedOn() {
        return passedOn;
    }

    private Line decodePlain(String text, Event into) {
        Line line = plain.parse(text, into, lastTimestamp);
        if (line instanceof Line.Parsed) {
            lastTimestamp = into.timestampNanos();
        }
        return line;
    }

    /** False when {@code text} holds a lone surrogate, which UTF-8 cannot carry. */
    private static boolean wellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The tallies of one read. */
    private static final class Counts {
        long lines;
        long events;
        long fieldEvents;
        long skipped;
        long ignored;
        long linesTooLong;
        final long linesTooDeepBefore;
        final long cutStringsBefore;
        final List<Skipped> reasons = new ArrayList<>();
        final Map<String, Long> byReason = new HashMap<>();
        final Handler handler;

        Counts(Handler handler, long linesTooDeepBefore, long cutStringsBefore) {
            this.handler = handler;
            this.linesTooDeepBefore = linesTooDeepBefore;
            this.cutStringsBefore = cutStringsBefore;
        }

        void skip(long lineNo, String reason) {
            skip(lineNo, reason, reason);
        }

        /** Skips a line for {@code reason}, counting it under {@code countedAs} (the reason without this line's details). */
        void skip(long lineNo, String reason, String countedAs) {
            skipped++;
            handler.skippedLine(lineNo, reason);
            if (reasons.size() < MAX_REASONS) {
                reasons.add(new Skipped(lineNo, reason));
            }
            boolean counted = byReason.containsKey(countedAs) || byReason.size() < MAX_COUNTED_REASONS;
            byReason.merge(counted ? countedAs : OTHER_REASONS, 1L, Long::sum);
        }

        void take(Line line, Event event, long lineNo) {
            if (line instanceof Line.Parsed) {
                events++;
                handler.event(event, lineNo);
            } else if (line instanceof Line.FieldValues fv) {
                fieldEvents++;
                handler.fieldValues(fv.fields(), lineNo);
            } else if (line instanceof Line.Malformed m) {
                skip(lineNo, m.reason());
            } else {
                ignored++;
            }
        }

        /** The result, given the reader's running totals of lines too deep and strings cut after the read. */
        Result result(long linesTooDeepAfter, long cutStringsAfter) {
            return new Result(lines, events, fieldEvents, skipped, reasons, byReason, ignored, linesTooLong,
                    linesTooDeepAfter - linesTooDeepBefore, cutStringsAfter - cutStringsBefore);
        }
    }
}
