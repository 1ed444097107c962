package dev.kestrel.engine.sink;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One metric family a {@link MeasuredSink} reports: its Prometheus name, kind, one-line help and
 * samples. The names are checked here so that what a sink reports can always be served as
 * Prometheus text. Immutable.
 *
 * @throws IllegalArgumentException from the constructors when a metric or label name is not one
 *     Prometheus accepts, or a label name is reserved ({@code __...})
 */
public record MetricFamily(String name, Kind kind, String help, List<Sample> samples) {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** What the values mean: a counter only grows, a gauge is a level now. */
    public enum Kind {
        COUNTER, GAUGE;

        /** The word Prometheus' {@code # TYPE} line uses. */
        public String text() {
            return this == COUNTER ? "counter" : "gauge";
        }
    }

    /** One value with its labels (sorted by name when written). Immutable. */
    public record Sample(Map<String, String> labels, long value) {
        public Sample {
            labels = Map.copyOf(labels);
            for (String l : labels.keySet()) {
                if (!LABEL_NAME.matcher(l).matches() || l.startsWith("__")) {
                    throw new IllegalArgumentException("'" + l + "' is not a Prometheus label name");
                }
            }
        }
    }

    public MetricFamily {
        Objects.requireNonNull(kind, "kind");
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a Prometheus metric name");
        }
        if (help.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the help of metric '" + name + "' must be one line");
        }
        samples = List.copyOf(samples);
    }
}
