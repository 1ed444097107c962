package dev.kestrel.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The alert line and JSON alert against the examples of Falco's own tests (falcosecurity/testing,
 * tests/data/outputs/outputs.go: SingleRuleWithCatWriteText and SingleRuleWithCatWriteJSON); the format
 * is described in docs/outputs.md.
 */
class AlertComposerTest {

    private static final long TIME = 1_470_327_477_881_781_397L;

    private static TestFields.Context ctx(Map<String, Object> values) {
        return new TestFields.Context(new Event().reset(EventType.OPENAT, TIME, 1, 1, 0), values);
    }

    private static Alert openFromCat(TimeFormat timeFormat, Map<String, Object> values) throws Exception {
        OutputFormat output = OutputFormat.compile("An open was seen (command=%proc.cmdline)", TestFields.standard());
        AlertComposer composer = new AlertComposer(timeFormat, ZoneOffset.UTC, "test-falco-hostname");
        return composer.compose("open_from_cat", Priority.WARNING, "syscall",
                List.of("testing", "filesystem", "process"), output, ctx(values));
    }

    @Test
    void isoTextLineMatchesFalco() throws Exception {
        Alert a = openFromCat(TimeFormat.ISO_8601, Map.of("proc.cmdline", "cat /dev/null"));
        assertThat(a.output())
                .isEqualTo("2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)");
    }

    @Test
    void clockTextLineUsesTheZone() throws Exception {
        Alert a = openFromCat(TimeFormat.CLOCK, Map.of("proc.cmdline", "cat /dev/null"));
        assertThat(a.output()).isEqualTo("16:17:57.881781397: Warning An open was seen (command=cat /dev/null)");
        assertThat(a.outputFields()).containsEntry("evt.time", TIME);
    }

    @Test
    void jsonAlertMatchesFalcosExample() throws Exception {
        Alert a = openFromCat(TimeFormat.ISO_8601, Map.of("proc.cmdline", "cat /dev/null"));
        assertThat(AlertJson.toJson(a)).isEqualTo("{\"hostname\":\"test-falco-hostname\","
                + "\"output\":\"2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)\","
                + "\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"},"
                + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
                + "\"tags\":[\"filesystem\",\"process\",\"testing\"],\"time\":\"2016-08-04T16:17:57.881781397Z\"}");
    }

    @Test
    void jsonAlertCarriesNullForMissingFields() throws Exception {
        Alert a = openFromCat(TimeFormat.ISO_8601, new HashMap<>());
        assertThat(a.output()).endsWith("Warning An open was seen (command=<NA>)");
        assertThat(AlertJson.toJson(a)).contains("\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":null}");
    }
}
