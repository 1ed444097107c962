package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 */
public final class EventJsonReader {

    /** How many skipped lines keep their reason in a {@link Result}; the count is always exact. */
    public static final int MAX_REASONS = 100;

    /** Receives what the reader produced. The event instance is reused: do not keep it. */
    public interface Handler {
        /** A syscall event or a Kestrel record (snapshot, container, pod). */
        void event(Event event, long line);

        /** A field-value test event: field as written to its value (string, number, boolean, list or null). */
        void fieldValues(Map<String, Object> fields, long line);
    }

    /** A line that was skipped, and why. */
    public record Skipped(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    /**
     * What a read produced: lines read, events and field-value events handed over, lines skipped
     * (with the first {@link #MAX_REASONS} reasons).
     */
    public record Result(long lines, long events, long fieldValueEvents, long skipped, List<Skipped> skippedLines) {
        public Result {
            skippedLines = List.copyOf(skippedLines);
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

    private final RecordDecoder decoder = new RecordDecoder();
    private long lastTimestamp;

    /** Reads every line of {@code in}; I/O errors propagate, bad lines are counted. */
    public Result read(BufferedReader in, Handler handler) throws IOException {
        Event event = new Event();
        long lineNo = 0;
        long events = 0;
        long fieldEvents = 0;
        long skipped = 0;
        List<Skipped> reasons = new ArrayList<>();
        String text;
        while ((text = in.readLine()) != null) {
            lineNo++;
            Line line = parse(text, event);
            if (line instanceof Line.Parsed) {
                events++;
                handler.event(event, lineNo);
            } else if (line instanceof Line.FieldValues fv) {
                fieldEvents++;
                handler.fieldValues(fv.fields(), lineNo);
            } else if (line instanceof Line.Malformed m) {
                skipped++;
                if (reasons.size() < MAX_REASONS) {
                    reasons.add(new Skipped(lineNo, m.reason()));
                }
            }
        }
        return new Result(lineNo, events, fieldEvents, skipped, reasons);
    }

    /**
     * Parses one line into {@code into} (for syscall events and records) and says what it was.
     * A line without {@code "ts"} gets the previous line's timestamp.
     */
    public Line parse(String text, Event into) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return IGNORED;
        }
        Map<String, Object> obj;
        try {
            obj = JsonReader.parseObject(trimmed);
        } catch (JsonException e) {
            return new Line.Malformed("not a JSON object: " + e.getMessage());
        }
        try {
            long ts = obj.containsKey("ts") ? RecordDecoder.number(obj, "ts", 0) : lastTimestamp;
            if (obj.containsKey("fields")) {
                Object f = obj.get("fields");
                if (!(f instanceof Map)) {
                    return new Line.Malformed("\"fields\" must be an object of field names to values");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) f;
                return new Line.FieldValues(fields);
            }
            if (obj.containsKey("snapshot")) {
                into.resetProcess(ts, decoder.snapshot(RecordDecoder.object(obj, "snapshot")));
            } else if (obj.containsKey("container")) {
                into.resetContainer(ts, decoder.container(RecordDecoder.object(obj, "container")));
            } else if (obj.containsKey("pod")) {
                into.resetPod(ts, decoder.pod(RecordDecoder.object(obj, "pod")));
            } else if (obj.containsKey("user")) {
                into.resetUser(ts, decoder.user(RecordDecoder.object(obj, "user")));
            } else if (obj.containsKey("host")) {
                into.resetHost(ts, decoder.host(RecordDecoder.object(obj, "host")));
            } else if (obj.containsKey("group")) {
                into.resetGroup(ts, decoder.group(RecordDecoder.object(obj, "group")));
            } else if (obj.containsKey("type")) {
                decoder.syscall(obj, ts, into);
            } else {
                return new Line.Malformed(
                        "expected one of \"type\" (a syscall event), \"snapshot\", \"container\", \"pod\", \"user\", "
                                + "\"group\", \"host\" or \"fields\"");
            }
            lastTimestamp = ts;
            return PARSED;
        } catch (RecordDecoder.BadRecord e) {
            return new Line.Malformed(e.getMessage());
        }
    }
}
