package dev.kestrel.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

class JsonRoundTripProperties {

    @Property(tries = 300)
    void writtenValuesReadBackEqual(@ForAll("values") Object value) throws JsonException {
        assertThat(JsonReader.parse(JsonWriter.write(value))).isEqualTo(value);
    }

    /**
     * Text that is JSON, almost JSON (a value's text cut, spliced or retyped) or anything at all reads
     * as a value whose written text reads back and writes identically, or fails with a JsonException at a column inside
     * the text (or just after its end).
     */
    @Property(tries = 500)
    void arbitraryTextGivesValueOrJsonException(@ForAll("jsonish") String text) throws JsonException {
        Object value;
        try {
            value = JsonReader.parse(text);
        } catch (JsonException expected) {
            String[] lines = text.split("\n", -1);
            assertThat(expected.line()).as("%s: %s", text, expected.getMessage()).isBetween(1, lines.length);
            assertThat(expected.column()).as("%s: %s", text, expected.getMessage())
                    .isBetween(1, lines[expected.line() - 1].length() + 1);
            Statistics.label("outcome").collect("error");
            return;
        }
        // The writer prints whole doubles as integers, so the law is that its text is stable: what it
        // wrote reads back to a value it writes identically.
        String written = JsonWriter.write(value);
        assertThat(JsonWriter.write(JsonReader.parse(written))).as(text).isEqualTo(written);
        Statistics.label("outcome").collect("value");
        Statistics.label("outcome").coverage(c -> {
            c.check("value").count(n -> n > 0);
            c.check("error").count(n -> n > 0);
        });
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> written = values().map(JsonWriter::write);
        Arbitrary<String> broken = Combinators.combine(written, Arbitraries.integers().between(0, 60),
                Arbitraries.of("", "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u12", "tru", "nul", "-", "1e", ".5",
                        " ", "\n", "\u0000", "\uD800", "99999999999999999999"),
                Arbitraries.integers().between(0, 2)).as((json, at, piece, how) -> {
                    int i = Math.min(at, json.length());
                    return switch (how) {
                        case 0 -> json.substring(0, i);
                        case 1 -> json.substring(0, i) + piece + json.substring(i);
                        default -> json.substring(0, i) + piece + json.substring(Math.min(json.length(), i + 1));
                    };
                });
        return Arbitraries.oneOf(written, broken, Arbitraries.strings().ofMaxLength(20));
    }

    @Test
    void readsTypesAndReportsPositions() throws JsonException {
        Map<String, Object> m = JsonReader.parseObject("{\"a\": [1, 2.5, true, null, \"x\\u0041\\n\"]}");
        assertThat(m.get("a")).isEqualTo(Arrays.asList(1L, 2.5, true, null, "xA\n"));
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": tru}"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("expecting true")
                .satisfies(e -> assertThat(((JsonException) e).column()).isEqualTo(7));
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(10_000))).isInstanceOf(JsonException.class);
        // a key given twice is refused at the second one, whatever its depth
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("the key \"c\" is given twice")
                .satisfies(e -> assertThat(((JsonException) e).column()).isEqualTo(24));
        // a \\u escape takes ASCII hex digits only, not another script's digits
        assertThatThrownBy(() -> JsonReader.parse("\"\\u\u0660\u0660\u0664\u0661\""))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("invalid \\u escape");
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
        Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(l -> (Object) List.copyOf(l));
        Arbitrary<Object> maps = Arbitraries.maps(Arbitraries.strings().ofMaxLength(5), scalars)
                .ofMaxSize(4)
                .map(m -> (Object) new LinkedHashMap<>(m));
        return Arbitraries.oneOf(scalars, lists, maps);
    }
}
