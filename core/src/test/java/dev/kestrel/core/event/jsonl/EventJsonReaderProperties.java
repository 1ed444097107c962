package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever a line holds, the reader answers with a line outcome that describes it (an event with a type,
 * a reason in words, field values, or a blank/comment line) and never throws.
 */
class EventJsonReaderProperties {

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> any = Arbitraries.strings().ofMaxLength(80);
        Arbitrary<String> jsonish = Arbitraries.of("{\"type\": \"openat\", \"tid\": 1, \"args\": {\"name\": ",
                "{\"snapshot\": {\"pid\": ", "{\"container\": {\"id\": ", "{\"pod\": ", "{\"fields\": ",
                "{\"type\": \"execve\", \"tid\": \"x\", \"args\": {\"args\": ", "{\"ts\": -1, \"type\": 5}",
                "{\"host\": {\"ip\": ", "[", "{\"type\": \"clone\", \"tid\": 9, \"ret\": ")
                .flatMap(prefix -> Arbitraries.strings().withChars("{}[]\":,0123456789abc -").ofMaxLength(30)
                        .map(tail -> prefix + tail));
        Arbitrary<String> valid = Arbitraries.of(
                "{\"ts\": 5, \"type\": \"openat\", \"tid\": 1, \"ret\": 3, \"args\": {\"name\": \"/etc/shadow\", \"flags\": \"O_RDONLY\"}}",
                "{\"type\": \"execve\", \"tid\": 9, \"args\": {\"filename\": \"/bin/sh\", \"args\": [\"-c\", \"id\"]}}",
                "{\"type\": \"clone\", \"tid\": 9, \"ret\": 10, \"args\": {\"flags\": \"CLONE_VM\"}}",
                "{\"type\": \"connect\", \"tid\": 7, \"ret\": \"EINPROGRESS\", \"args\": {\"fd\": 4, \"tuple\": \"10.0.0.1:4242->1.2.3.4:80\"}}",
                "{\"snapshot\": {\"pid\": 1, \"comm\": \"systemd\", \"args\": [\"--system\"]}}",
                "{\"container\": {\"id\": \"3ad7b26ded6d11\", \"name\": \"web\"}}",
                "{\"pod\": {\"uid\": \"u-1\", \"name\": \"web-1\", \"namespace\": \"ns\"}}",
                "{\"fields\": {\"proc.name\": \"cat\"}}", "# a comment", "");
        // Whole valid lines, and the same lines cut short or with one character changed.
        Arbitrary<String> bent = Combinators.combine(valid, Arbitraries.integers().between(0, 120),
                Arbitraries.chars().with('{', '}', '"', ',', ':', '[', ']', 'x', '1', ' ')).as((line, at, c) -> {
                    int i = Math.min(at, line.length());
                    return at % 2 == 0 ? line.substring(0, i)
                            : line.substring(0, i) + c + line.substring(Math.min(line.length(), i + 1));
                });
        return Arbitraries.oneOf(any, jsonish, valid, bent);
    }

    @Property(tries = 400)
    void neverThrows(@ForAll("lines") String line) {
        Event event = new Event();
        EventJsonReader.Line result = new EventJsonReader().parse(line, event);
        String outcome;
        if (result instanceof EventJsonReader.Line.Parsed) {
            outcome = "parsed";
            assertThat(event.type()).as(line).isNotNull();
            assertThat(event.toString()).as(line).startsWith(event.type().name().toLowerCase(Locale.ROOT) + " ts=");
        } else if (result instanceof EventJsonReader.Line.Malformed m) {
            outcome = "malformed";
            assertThat(m.reason()).as(line).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        } else if (result instanceof EventJsonReader.Line.FieldValues f) {
            outcome = "field values";
            assertThat(f.fields()).as(line).isNotNull();
        } else {
            outcome = "ignored";
            assertThat(line.isBlank() || line.stripLeading().startsWith("#")).as(line).isTrue();
        }
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(c -> {
            c.check("parsed").count(n -> n > 0);
            c.check("malformed").count(n -> n > 0);
            c.check("field values").count(n -> n > 0);
        });
    }
}
