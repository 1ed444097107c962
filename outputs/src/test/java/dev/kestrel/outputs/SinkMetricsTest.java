package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.sink.MeasuredSink;
import dev.kestrel.engine.sink.MetricFamily.Kind;
import dev.kestrel.engine.sink.MetricFamily.Sample;
import dev.kestrel.engine.sink.MetricFamily;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The families sinks report themselves are served after the engine's, one HELP and TYPE per name. */
class SinkMetricsTest {

    /** A sink reporting one counter with its own label value. */
    record Reporting(String who, long value) implements MeasuredSink {
        @Override
        public String name() {
            return who;
        }

        @Override
        public void accept(Alert alert) {
        }

        @Override
        public List<MetricFamily> metrics() {
            return List.of(new MetricFamily("kestrel_test_things_total", Kind.COUNTER, "Things done.",
                    List.of(new Sample(Map.of("who", who, "kind", "a\"b"), value))));
        }
    }

    @Test
    void twoSinksShareOneFamily() {
        try (Kestrel k = Kestrel.builder().defaultRules().sink(new Reporting("one", 3)).sink(new Reporting("two", 5)).build()) {
            assertThat(k.sinkMetrics()).hasSize(2);
            String text = PrometheusText.render(k);
            assertThat(text).contains("# HELP kestrel_test_things_total Things done.\n"
                    + "# TYPE kestrel_test_things_total counter\n"
                    + "kestrel_test_things_total{kind=\"a\\\"b\",who=\"one\"} 3\n"
                    + "kestrel_test_things_total{kind=\"a\\\"b\",who=\"two\"} 5\n");
            assertThat(text.split("# TYPE kestrel_test_things_total", -1)).hasSize(2);
        }
    }

    @Test
    void namesPrometheusRefusesAreRefusedWhenTheFamilyIsMade() {
        assertThatThrownBy(() -> new MetricFamily("kestrel-things", Kind.GAUGE, "h", List.of()))
                .hasMessage("'kestrel-things' is not a Prometheus metric name");
        assertThatThrownBy(() -> new Sample(Map.of("__name__", "x"), 1)).hasMessage("'__name__' is not a Prometheus label name");
        assertThatThrownBy(() -> new MetricFamily("kestrel_x", Kind.GAUGE, "two\nlines", List.of()))
                .hasMessage("the help of metric 'kestrel_x' must be one line");
    }
}
