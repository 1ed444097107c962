package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import java.util.Map;

/**
 * The plain decoder of one event line: the whole line is parsed into maps and lists first, then
 * read. It is the reference the streaming decoder is checked against, and it decodes what the
 * streaming decoder passes on: records (snapshots, metadata), field-value lines and every line that
 * is not a well-formed syscall event, so the reasons given for bad lines come from one place.
 * Not thread-safe.
 */
final class MapLineDecoder {

    private static final EventJsonReader.Line PARSED = new EventJsonReader.Line.Parsed();
    private static final EventJsonReader.Line IGNORED = new EventJsonReader.Line.Ignored();

    private final RecordDecoder decoder;
    private final int maxJsonDepth;
    private long linesTooDeep;

    MapLineDecoder(int maxStringBytes, int maxJsonDepth) {
        this.decoder = new RecordDecoder(maxStringBytes);
        this.maxJsonDepth = maxJsonDepth;
    }

    /** How many string parameters were cut so far. */
    long cutStrings() {
        return decoder.cutStrings();
    }

    /** How many lines were refused so far because they nest deeper than the depth limit. */
    long linesTooDeep() {
        return linesTooDeep;
    }

    /**
     * Decodes {@code text} into {@code into}; a line without {@code "ts"} gets {@code lastTimestamp}.
     * On {@link EventJsonReader.Line.Parsed} the event's timestamp is the line's.
     */
    EventJsonReader.Line parse(String text, Event into, long lastTimestamp) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return IGNORED;
        }
        Map<String, Object> obj;
        try {
            obj = JsonReader.parseObject(trimmed, maxJsonDepth);
        } catch (JsonException e) {
            if (e.nestingLimit()) {
                linesTooDeep++;
            }
            return new EventJsonReader.Line.Malformed("not a JSON object: " + e.getMessage());
        }
        try {
            long ts = obj.containsKey("ts") ? RecordDecoder.number(obj, "ts", 0) : lastTimestamp;
            if (obj.containsKey("fields")) {
                Object f = obj.get("fields");
                if (!(f instanceof Map)) {
                    return new EventJsonReader.Line.Malformed("\"fields\" must be an object of field names to values");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) f;
                return new EventJsonReader.Line.FieldValues(fields);
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
                return new EventJsonReader.Line.Malformed(
                        "expected one of \"type\" (a syscall event), \"snapshot\", \"container\", \"pod\", \"user\", "
                                + "\"group\", \"host\" or \"fields\"");
            }
            return PARSED;
        } catch (RecordDecoder.BadRecord e) {
            return new EventJsonReader.Line.Malformed(e.getMessage());
        }
    }
}
