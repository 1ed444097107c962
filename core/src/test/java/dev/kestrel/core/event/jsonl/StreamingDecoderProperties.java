package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ParamKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The streaming decoder gives exactly what the plain map-based decoder gives (the same event, the
 * same reason for a bad line, the same timestamps carried between lines), on generated event lines,
 * valid and broken; and it decodes well-formed syscall lines itself instead of passing them on.
 */
class StreamingDecoderProperties {

    private static final List<EventType> TYPES = Arrays.stream(EventType.values())
            .filter(t -> EventType.fromName(t.name().toLowerCase(Locale.ROOT)) == t)
            .toList();
    private static final int MAX_STRING = 64;

    @Provide
    Arbitrary<String> validLines() {
        return Arbitraries.of(TYPES).flatMap(type -> {
            Arbitrary<String> params = paramsOf(type);
            return Combinators.combine(params, Arbitraries.oneOf(Arbitraries.longs().between(-5, 1L << 40),
                            Arbitraries.longs().between(Long.MAX_VALUE - 1000, Long.MAX_VALUE),
                            Arbitraries.longs().between(1_700_000_000_000_000_000L, 1_800_000_000_000_000_000L)), Arbitraries.longs()
                            .between(1, 100_000), Arbitraries.of("", " \"ret\": 3,", " \"ret\": -2,", " \"ret\": \"ENOENT\",",
                            " \"ret\": \"12\",", " \"pid\": 77,"), Arbitraries.of(true, false))
                    .as((args, ts, tid, extra, withTs) -> "{" + (withTs ? "\"ts\": " + ts + ", " : "")
                            + "\"type\": \"" + type.name().toLowerCase(java.util.Locale.ROOT) + "\","
                            + extra + " \"tid\": " + tid + (args.isEmpty() ? "" : ", \"args\": {" + args + "}") + "}");
        });
    }

    private static Arbitrary<String> paramsOf(EventType type) {
        List<Arbitrary<String>> items = new ArrayList<>();
        for (EventParam p : type.params()) {
            Arbitrary<String> value = switch (p.kind()) {
                case LIST -> text().list().ofMaxSize(4).map(l -> {
                    List<String> q = new ArrayList<>();
                    l.forEach(x -> q.add(quote(x)));
                    return "[" + String.join(", ", q) + "]";
                });
                case FLAGS -> Arbitraries.oneOf(Arbitraries.longs().between(0, 1L << 31)
                                .map(v -> "\"" + p.flags().render(v) + "\""),
                        Arbitraries.of("\"0x41\"", "65", "\"\"", "\"SIGCHLD\""));
                case MODE -> Arbitraries.of("\"0644\"", "420", "\"755\"");
                case ERRNO -> Arbitraries.of("0", "-2", "\"EACCES\"", "\"5\"");
                case TEXT, PATH, TUPLE, SOCKADDR -> Arbitraries.oneOf(text().map(StreamingDecoderProperties::quote),
                        Arbitraries.of("\"/etc/shadow\"", "\"10.0.0.1:4242->10.0.0.2:80\"", "12"));
                default -> Arbitraries.oneOf(Arbitraries.longs().map(String::valueOf),
                        Arbitraries.of("\"0x10\"", "\" 42 \"", "true", "false", "null"));
            };
            items.add(Arbitraries.oneOf(value.map(v -> "\"" + p.name() + "\": " + v), Arbitraries.just("")));
        }
        if (items.isEmpty()) {
            return Arbitraries.just("");
        }
        return Combinators.combine(items).as(parts -> {
            List<String> kept = new ArrayList<>();
            parts.forEach(x -> {
                if (!x.isEmpty()) {
                    kept.add(x);
                }
            });
            return String.join(", ", kept);
        });
    }

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("/._- ").ofMaxLength(20),
                Arbitraries.strings().withChars("aé€ж/").ofMinLength(MAX_STRING - 24).ofMaxLength(MAX_STRING + 8)
                        .map(x -> x.replace("ж", "\uD83D\uDE00")));
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** Valid lines broken in the ways producers break them: cut, spliced, retyped, renamed. */
    @Provide
    Arbitrary<String> brokenLines() {
        Arbitrary<String> mutated = Combinators.combine(validLines(), Arbitraries.integers().between(0, 1000),
                Arbitraries.of(".5", "e3", "\\u0041", "\\\"", "\"", "{", "}", "[", "]", ",", ":", " ", "null", "99999999999999999999",
                        "\"x\"", "\t", "\u2003", "#", "1.0", "-", "true", "\"bogus\": 1, ", "\"ts\": 1, "),
                Arbitraries.of(0, 1, 2, 3)).as((line, at, piece, how) -> {
                    int i = Math.min(at, line.length());
                    return switch (how) {
                        case 0 -> line.substring(0, i);
                        case 1 -> line.substring(0, i) + piece + line.substring(i);
                        case 2 -> line.substring(0, i) + piece + line.substring(Math.min(line.length(), i + 1));
                        default -> line.replaceFirst("\"(tid|type|args|name|fd|flags)\"", "\"$1" + piece.trim() + "\"");
                    };
                });
        Arbitrary<String> records = Arbitraries.of(
                "{\"snapshot\": {\"pid\": 1, \"comm\": \"systemd\", \"args\": [\"--system\"]}}",
                "{\"container\": {\"id\": \"3ad7b26ded6d11\", \"name\": \"web\"}}",
                "{\"fields\": {\"proc.name\": \"cat\"}}", "{\"pod\": {\"name\": \"x\"}}", "", "   ", "# c",
                "{\"type\": \"close\", \"tid\": 1, \"type\": \"read\"}", "{}", "[]", "\"x\"",
                "{\"type\": \"openat\", \"tid\": 1, \"args\": {\"name\": \"/a\", \"name\": \"/b\"}}",
                "{\"type\": \"op\\u0065nat\", \"tid\": 1}", "{\"type\": \"close\", \"tid\": 1.0}",
                "{\"type\": \"close\", \"tid\": \"7\"}", "{\"type\": \"close\", \"tid\": 1, \"args\": null}",
                "{\"type\": \"execve\", \"tid\": 1, \"args\": {\"args\": [1, true, null, \"x\"]}}");
        return Arbitraries.oneOf(mutated, records);
    }

    @Property(tries = 600)
    void validLinesDecodeAsThePlainDecoderDoesWithoutBeingPassedOn(@ForAll("validLines") String line) {
        EventJsonReader reader = new EventJsonReader(EventJsonReader.DEFAULT_MAX_LINE_BYTES, MAX_STRING, EventJsonReader.DEFAULT_MAX_JSON_DEPTH);
        if (assertSame(line, reader) instanceof EventJsonReader.Line.Parsed) {
            assertThat(reader.passedOn()).as("passed on: %s", line).isZero();
        }
    }

    @Property(tries = 1500)
    void brokenLinesGetThePlainDecodersOutcome(@ForAll("brokenLines") String line) {
        assertSame(line, new EventJsonReader(EventJsonReader.DEFAULT_MAX_LINE_BYTES, MAX_STRING, EventJsonReader.DEFAULT_MAX_JSON_DEPTH));
    }

    @Property(tries = 150)
    void aStreamReadFromBytesGivesThePlainDecodersEventsLineByLine(
            @ForAll @Size(max = 12) List<@net.jqwik.api.From("mixed") String> lines) {
        String text = String.join("\n", lines);
        MapLineDecoder plain = new MapLineDecoder(MAX_STRING, EventJsonReader.DEFAULT_MAX_JSON_DEPTH);
        List<String> expected = new ArrayList<>();
        Event e = new Event();
        long last = 0;
        long n = 0;
        for (String line : lines) {
            n++;
            EventJsonReader.Line r = plain.parse(line, e, last);
            if (r instanceof EventJsonReader.Line.Parsed) {
                last = e.timestampNanos();
                expected.add(n + ":" + describe(e));
            } else if (r instanceof EventJsonReader.Line.Malformed m) {
                expected.add(n + ": skipped " + m.reason());
            } else if (r instanceof EventJsonReader.Line.FieldValues f) {
                expected.add(n + ": fields " + f.fields());
            }
        }
        List<String> actual = new ArrayList<>();
        EventJsonReader.Result result;
        try {
            result = new EventJsonReader(EventJsonReader.DEFAULT_MAX_LINE_BYTES, MAX_STRING, EventJsonReader.DEFAULT_MAX_JSON_DEPTH).read(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new EventJsonReader.Handler() {
                        @Override
                        public void event(Event event, long line) {
                            actual.add(line + ":" + describe(event));
                        }

                        @Override
                        public void fieldValues(Map<String, Object> fields, long line) {
                            actual.add(line + ": fields " + fields);
                        }

                        @Override
                        public void skippedLine(long line, String reason) {
                            actual.add(line + ": skipped " + reason);
                        }
                    });
        } catch (IOException ex) {
            throw new AssertionError(ex);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(result.events() + result.fieldValueEvents() + result.skipped() + result.ignored())
                .isEqualTo(result.lines());
    }

    @Provide
    Arbitrary<String> mixed() {
        return Arbitraries.oneOf(validLines(), brokenLines());
    }

    private static EventJsonReader.Line assertSame(String line, EventJsonReader reader) {
        Event fast = new Event();
        Event reference = new Event();
        EventJsonReader.Line got = reader.parse(line, fast);
        EventJsonReader.Line want = new MapLineDecoder(MAX_STRING, EventJsonReader.DEFAULT_MAX_JSON_DEPTH).parse(line, reference, 0);
        assertThat(got).as(line).isEqualTo(want);
        if (want instanceof EventJsonReader.Line.Parsed) {
            assertThat(describe(fast)).as(line).isEqualTo(describe(reference));
        }
        return want;
    }

    /** Everything an event carries, parameter by parameter, in every form. */
    static String describe(Event e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.type()).append(' ').append(e.timestampNanos()).append(' ').append(e.tid()).append(' ')
                .append(e.pid()).append(' ').append(e.returnValue());
        for (EventParam p : e.type().params()) {
            int s = p.slot();
            if (e.has(s)) {
                sb.append(" | ").append(p.name()).append(" n=").append(e.hasNumber(s) ? e.number(s, 0) : "-")
                        .append(" t=").append(e.text(s)).append(" l=").append(e.list(s))
                        .append(e.isCut(s) ? " cut" : "");
            }
        }
        Object record = e.process() != null ? e.process() : e.container() != null ? e.container()
                : e.pod() != null ? e.pod() : e.user() != null ? e.user() : e.group() != null ? e.group() : e.host();
        if (record != null) {
            sb.append(" record=").append(record);
        }
        if (e.type().params().stream().anyMatch(p -> p.kind() == ParamKind.LIST)) {
            sb.append(" [lists checked]");
        }
        return sb.toString();
    }
}
