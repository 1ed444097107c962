package dev.kestrel.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.json.JsonException;
import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.text.TimeText;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/**
 * {@link Alert#toJson()} and {@link Alert#toText()} against Falco's own expected output: the
 * {@code open_from_cat} alert of falcosecurity/testing ({@code tests/data/outputs/outputs.go},
 * {@code SingleRuleWithCatWriteJSON}, run with {@code FALCO_HOSTNAME=test-falco-hostname} and
 * {@code time_format_iso_8601=true}); the key order is the sorted order of the nlohmann JSON object
 * Falco's {@code falco_formats::format_event} (userspace/engine/formats.cpp) dumps.
 */
class AlertFormatsTest {

    private static final long TIME = 1_470_327_477_881_781_397L;
    private static final String LINE =
            "2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)";
    /** One line of Falco's expected json_output for the rule, as the Falco test suite has it. */
    private static final String FALCO_JSON = "{\"hostname\":\"test-falco-hostname\",\"output\":\"" + LINE + "\","
            + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
            + "\"tags\":[\"filesystem\",\"process\",\"testing\"],\"time\":\"2016-08-04T16:17:57.881781397Z\", "
            + "\"output_fields\": {\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"}}";

    private static Alert openFromCat() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.cmdline", "cat /dev/null");
        fields.put("evt.time.iso8601", TIME);
        return new Alert(TIME, "open_from_cat", Priority.WARNING, "syscall", "test-falco-hostname", LINE, fields,
                List.of("testing", "filesystem", "process"));
    }

    @Test
    void jsonReadsBackAsFalcosAlert() throws JsonException {
        Map<String, Object> ours = JsonReader.parseObject(openFromCat().toJson());
        assertThat(ours).isEqualTo(JsonReader.parseObject(FALCO_JSON));
    }

    @Test
    void jsonKeysComeInFalcosSortedOrder() throws JsonException {
        String json = openFromCat().toJson();
        assertThat(new ArrayList<>(JsonReader.parseObject(json).keySet()))
                .containsExactly("hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time");
        assertThat(json).startsWith("{\"hostname\":\"test-falco-hostname\",\"output\":")
                .contains("\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"}")
                .endsWith("\"tags\":[\"filesystem\",\"process\",\"testing\"],\"time\":\"2016-08-04T16:17:57.881781397Z\"}")
                .doesNotContain("\n");
    }

    @Test
    void missingFieldsAreJsonNull() throws JsonException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.pname", null);
        Alert a = new Alert(TIME, "r", Priority.NOTICE, "syscall", "h", "x", fields, List.of());
        Map<String, Object> json = JsonReader.parseObject(a.toJson());
        assertThat(json.get("output_fields")).isEqualTo(fields);
        assertThat(json.get("tags")).isEqualTo(List.of());
        assertThat(json.get("priority")).isEqualTo("Notice");
    }

    @Test
    void textIsTheAlertLine() {
        assertThat(openFromCat().toText()).isEqualTo(LINE);
    }

    @Test
    void timeKeepsNineDigitsAndLeadingZeros() throws JsonException {
        Alert early = new Alert(5L, "r", Priority.DEBUG, "syscall", "h", "x", Map.of(), List.of());
        assertThat(JsonReader.parseObject(early.toJson()).get("time")).isEqualTo("1970-01-01T00:00:00.000000005Z");
        StringBuilder clock = new StringBuilder();
        TimeText.appendClock(TIME, ZoneOffset.UTC, clock);
        assertThat(clock).hasToString("16:17:57.881781397");
    }

    /** Whatever the strings hold (quotes, backslashes, control characters, non-ASCII), the JSON reads back to them. */
    @Property(tries = 200)
    void jsonRoundTripsEveryString(
            @ForAll @StringLength(max = 20) @CharRange(from = 'a', to = 'z') @CharRange(from = '\u00e0', to = '\u2fff')
            @Chars({'"', '\\', '\n', '\t', '\u0001', '\u2028', ' ', '%', '/'}) String text,
            @ForAll @Size(max = 4) List<@StringLength(max = 8) @CharRange(from = 'a', to = 'z') @Chars({'"', '_'}) String> tags,
            @ForAll long value) throws JsonException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.cmdline", text);
        fields.put("proc.pid", value);
        Alert a = new Alert(value, text, Priority.CRITICAL, "syscall", text, text, fields, tags);
        Map<String, Object> json = JsonReader.parseObject(a.toJson());
        assertThat(json.get("rule")).isEqualTo(text);
        assertThat(json.get("hostname")).isEqualTo(text);
        assertThat(json.get("output")).isEqualTo(text);
        assertThat(json.get("output_fields")).isEqualTo(fields);
        assertThat(json.get("tags")).isEqualTo(tags.stream().sorted().toList());
        assertThat((String) json.get("time")).matches("-?\\d{4,}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
        assertThat(Arrays.asList(a.toText())).containsExactly(text);
    }
}
