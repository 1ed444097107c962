package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.BigRange;

/** The scanning steps: integers read as Java reads them, and a skipped value ends exactly where its text does. */
class JsonByteScannerProperties {

    private static JsonByteScanner over(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonByteScanner c = new JsonByteScanner();
        c.reset(bytes, 0, bytes.length);
        return c;
    }

    @Property
    void anIntegerIsReadAsLongParseLongReadsIt(@ForAll long value) {
        String digits = Long.toString(value);
        JsonByteScanner c = over(digits + ",");
        assertThat(c.integer()).isTrue();
        assertThat(c.number).isEqualTo(value);
        assertThat(c.p).isEqualTo(digits.length());
    }

    @Property
    void aNumberBeyondSixtyFourBitsIsNotAnInteger(@ForAll @BigRange(min = "9223372036854775808", max = "99999999999999999999999") BigInteger above,
                                                  @ForAll boolean negative) {
        String text = (negative ? above.add(BigInteger.ONE).negate() : above).toString();
        JsonByteScanner c = over(text);
        assertThat(c.integer()).isFalse();
        assertThat(c.p).isZero();
    }

    @Example
    void fractionsExponentsAndBareSignsAreNotIntegers() {
        for (String text : new String[] {"1.5", "1e3", "2E+1", "-", "", "--1", "+1", "12-"}) {
            assertThat(over(text).integer()).as(text).isFalse();
        }
    }

    @Provide
    Arbitrary<String> plainValues() {
        Arbitrary<String> strings = Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(12)
                .map(s -> "\"" + s + "\"");
        Arbitrary<String> numbers = Arbitraries.longs().map(String::valueOf);
        Arbitrary<String> words = Arbitraries.of("true", "false", "null");
        Arbitrary<String> items = Arbitraries.oneOf(strings, numbers);
        Arbitrary<String> arrays = items.list().ofMaxSize(4).map(l -> "[" + String.join(" , ", l) + "]");
        return Arbitraries.oneOf(strings, numbers, words, arrays);
    }

    @Property
    void aSkippedValueEndsWhereItsTextEnds(@ForAll("plainValues") String value) {
        JsonByteScanner c = over(value + ",\"next\":1}");
        assertThat(c.skipValue()).isTrue();
        assertThat(c.p).isEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
    }

    @Property
    void aSkippedObjectOfPlainValuesEndsAfterItsBrace(@ForAll("plainValues") String a, @ForAll("plainValues") String b) {
        String object = "{ \"a\" : " + a + ", \"b\":" + b + " }";
        JsonByteScanner c = over(object + "}");
        assertThat(c.skipObject()).isTrue();
        assertThat(c.p).isEqualTo(object.getBytes(StandardCharsets.UTF_8).length);
    }

    @Example
    void aStringWithAnEscapeOrAControlCharacterIsNotPlain() {
        assertThat(over("\"a\\\"b\"").plainString()).isFalse();
        assertThat(over("\"a\tb\"").plainString()).isFalse();
        assertThat(over("\"unterminated").plainString()).isFalse();
        JsonByteScanner c = over("\"ok\" ");
        assertThat(c.plainString()).isTrue();
        assertThat(new String(c.b, c.strStart, c.strEnd - c.strStart, StandardCharsets.UTF_8)).isEqualTo("ok");
    }

    @Example
    void nestedObjectsAndFloatsAreLeftToThePlainDecoder() {
        assertThat(over("{\"a\":{\"b\":1}}").skipObject()).isFalse();
        assertThat(over("{\"a\":1.5}").skipObject()).isFalse();
        assertThat(over("[[1]]").skipValue()).isFalse();
    }
}
