package dev.kestrel.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's result as JMH writes it with {@code -rf json}: name (class.method), parameters,
 * score and its unit, error, the best single iteration (fastest, in the same unit), and the bytes
 * allocated per operation when run with {@code -prof gc}.
 */
public record JmhResult(String benchmark, Map<String, String> params, double score, double error, String unit,
        double bytesPerOp, double best) {

    /** Class and method, without the package. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** The score in nanoseconds per operation, for time-per-operation units; NaN otherwise. */
    public double nanosPerOp() {
        return switch (unit) {
            case "ns/op" -> score;
            case "us/op" -> score * 1e3;
            case "ms/op" -> score * 1e6;
            case "s/op" -> score * 1e9;
            case "ops/ns" -> 1 / score;
            case "ops/us" -> 1e3 / score;
            case "ops/ms" -> 1e6 / score;
            case "ops/s" -> 1e9 / score;
            default -> Double.NaN;
        };
    }

    /** The best iteration in nanoseconds per operation (on a shared machine: the least disturbed one). */
    public double bestNanosPerOp() {
        return new JmhResult(benchmark, params, best, 0, unit, bytesPerOp, best).nanosPerOp();
    }

    /** Reads every result of a JMH JSON results file (already parsed into plain values). */
    @SuppressWarnings("unchecked")
    public static List<JmhResult> fromJson(Object parsed) {
        List<JmhResult> results = new ArrayList<>();
        for (Object item : (List<Object>) parsed) {
            Map<String, Object> run = (Map<String, Object>) item;
            Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
            Map<String, Object> secondary = (Map<String, Object>) run.getOrDefault("secondaryMetrics", Map.of());
            Map<String, Object> alloc = (Map<String, Object>) secondary.get("gc.alloc.rate.norm");
            Map<String, String> params = new LinkedHashMap<>();
            Object p = run.get("params");
            if (p instanceof Map<?, ?> map) {
                map.forEach((k, v) -> params.put(String.valueOf(k), String.valueOf(v)));
            }
            results.add(new JmhResult((String) run.get("benchmark"), params, number(primary.get("score")),
                    number(primary.get("scoreError")), (String) primary.get("scoreUnit"),
                    alloc == null ? Double.NaN : number(alloc.get("score")), best(primary)));
        }
        return results;
    }

    @SuppressWarnings("unchecked")
    private static double best(Map<String, Object> primary) {
        boolean throughput = String.valueOf(primary.get("scoreUnit")).startsWith("ops/");
        double best = Double.NaN;
        Object raw = primary.get("rawData");
        if (raw instanceof List<?> forks) {
            for (Object fork : forks) {
                for (Object v : (List<Object>) fork) {
                    double x = number(v);
                    if (Double.isNaN(best) || (throughput ? x > best : x < best)) {
                        best = x;
                    }
                }
            }
        }
        return best;
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return value == null ? Double.NaN : Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
