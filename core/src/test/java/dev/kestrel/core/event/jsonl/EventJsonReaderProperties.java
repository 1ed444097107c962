package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a line holds, the reader answers with a line outcome and never throws. */
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
        return Arbitraries.oneOf(any, jsonish);
    }

    @Property(tries = 400)
    void neverThrows(@ForAll("lines") String line) {
        EventJsonReader.Line result = new EventJsonReader().parse(line, new Event());
        assertThat(result).isNotNull();
        if (result instanceof EventJsonReader.Line.Malformed m) {
            assertThat(m.reason()).isNotBlank();
        }
    }
}
