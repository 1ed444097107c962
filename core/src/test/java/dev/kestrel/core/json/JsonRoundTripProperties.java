package dev.kestrel.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class JsonRoundTripProperties {

    @Property(tries = 300)
    void writtenValuesReadBackEqual(@ForAll("values") Object value) throws JsonException {
        assertThat(JsonReader.parse(JsonWriter.write(value))).isEqualTo(value);
    }

    @Property(tries = 300)
    void arbitraryTextGivesValueOrJsonException(@ForAll String text) {
        try {
            JsonReader.parse(text);
        } catch (JsonException expected) {
            assertThat(expected.column()).isPositive();
        }
    }

    @Test
    void readsTypesAndReportsPositions() throws JsonException {
        Map<String, Object> m = JsonReader.parseObject("{\"a\": [1, 2.5, true, null, \"x\\u0041\\n\"]}");
        assertThat(m.get("a")).isEqualTo(java.util.Arrays.asList(1L, 2.5, true, null, "xA\n"));
        assertThatThrownBy(() -> JsonReader.parse("{\"a\": tru}"))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("expecting true")
                .satisfies(e -> assertThat(((JsonException) e).column()).isEqualTo(7));
        assertThatThrownBy(() -> JsonReader.parse("[".repeat(10_000))).isInstanceOf(JsonException.class);
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
