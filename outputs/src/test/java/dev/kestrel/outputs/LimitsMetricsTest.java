package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelLimits;
import dev.kestrel.engine.sink.CollectingSink;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every limit reached (docs/limits.md) and what became of the alerts show in /metrics. */
class LimitsMetricsTest {

    @Test
    void limitsHitAndDeliveryOutcomesAreMetrics() {
        String rules = """
                - rule: Shell
                  desc: d
                  condition: proc.name = bash
                  output: a shell ran, and this output is longer than the limit of sixteen bytes (proc=%proc.name)
                  priority: WARNING
                """;
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", rules).sink(sink)
                .limits(KestrelLimits.builder().maxAlertOutputBytes(16).build()).build()) {
            k.processFieldValues(Map.of("proc.name", "bash"));
            k.processFieldValues(Map.of("proc.name", "bash"));
            k.flush(Duration.ofSeconds(10));
            String metrics = PrometheusText.render(k);
            assertThat(metrics).contains(
                    "# TYPE kestrel_limits_hit_total counter\n",
                    "kestrel_limits_hit_total{limit=\"maxAlertOutputBytes\"} 2\n",
                    "kestrel_alerts_delivered_total 2\n",
                    "kestrel_alerts_failed_total 0\n");
        }
    }
}
