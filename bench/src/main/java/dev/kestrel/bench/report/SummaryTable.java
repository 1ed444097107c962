package dev.kestrel.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns JMH results into the one table {@code bench/run} prints: events/s and ns/event for Kestrel
 * and each baseline, the ratio to Kestrel's evaluation, bytes allocated per event, the best single
 * iteration (on a shared machine the least disturbed one), the other
 * measurements (compile time, scaling), and the closing {@code key=value} summary line.
 */
public final class SummaryTable {

    /** Benchmarks shown as rows of the main table, in this order, with their labels. */
    private static final List<Map.Entry<String, String>> ROWS = List.of(
            Map.entry("EvaluationBenchmark.kestrel", "Kestrel: rule evaluation (compiled, indexed)"),
            Map.entry("EvaluationBenchmark.interpreted", "baseline: AST interpreter, no index"),
            Map.entry("EvaluationBenchmark.mvelIndexed", "baseline: MVEL, same event-type index"),
            Map.entry("EvaluationBenchmark.mvel", "baseline: MVEL, every rule per event"),
            Map.entry("PipelineBenchmark.facade", "Kestrel.process: state + evaluation + alerts"),
            Map.entry("PipelineBenchmark.kestrel", "Kestrel: state update + evaluation"),
            Map.entry("PipelineBenchmark.mvel", "baseline: state update + MVEL, indexed"),
            Map.entry("PipelineBenchmark.stateOnly", "Kestrel: state update only"),
            Map.entry("PipelineBenchmark.steadyFacade", "Kestrel.process, steady state (known fds)"),
            Map.entry("PipelineBenchmark.steadyState", "Kestrel: state update only, steady state"),
            Map.entry("ShardBenchmark.oneShard", "Kestrel.process, 1 engine on 1 thread"),
            Map.entry("ShardBenchmark.twoShards", "Kestrel.process, 2 engines on 2 threads (sum)"),
            Map.entry("ReplayBenchmark.replay", "replay a JSONL file: read+decode+process"),
            Map.entry("ReplayBenchmark.decode", "read and decode a JSONL file only"),
            Map.entry("FieldExtractionBenchmark.extract", "Kestrel: extract the ruleset's fields once"));

    private final List<JmhResult> results;

    public SummaryTable(List<JmhResult> results) {
        this.results = List.copyOf(results);
    }

    private Optional<JmhResult> find(String shortName) {
        return results.stream().filter(r -> r.shortName().equals(shortName) && !r.params().containsKey("copies")).findFirst();
    }

    /** The whole report: the table, the extra measurements and the summary line. */
    public String render() {
        StringBuilder out = new StringBuilder();
        Optional<JmhResult> kestrel = find("EvaluationBenchmark.kestrel");
        out.append(String.format(Locale.ROOT, "%-48s %10s %9s %12s %10s %10s %10s%n", "measurement (one core)", "ns/event", "+-99.9%",
                "events/s", "x Kestrel", "B/event", "best ns"));
        for (Map.Entry<String, String> row : ROWS) {
            find(row.getKey()).ifPresent(r -> {
                double ns = r.nanosPerOp();
                String ratio = kestrel.map(k -> String.format(Locale.ROOT, "%.1fx", ns / k.nanosPerOp())).orElse("-");
                double error = r.error() * (ns / r.score());
                out.append(String.format(Locale.ROOT, "%-48s %10.1f %9s %12s %10s %10s %10.1f%n", row.getValue(), ns,
                        Double.isNaN(error) ? "-" : String.format(Locale.ROOT, "%.1f", error), rate(ns), ratio, bytes(r.bytesPerOp()),
                        r.bestNanosPerOp()));
            });
        }
        List<String> extra = new ArrayList<>();
        for (JmhResult r : results) {
            if (r.shortName().startsWith("CompileBenchmark.")) {
                extra.add(String.format(Locale.ROOT, "ruleset compile, warm (%s): %.1f ms", r.shortName().substring(17),
                        r.nanosPerOp() / 1e6));
            } else if (r.params().containsKey("copies")) {
                extra.add(String.format(Locale.ROOT, "scaling %s, %sx rules: %.1f ns/event", r.shortName(), r.params().get("copies"),
                        r.nanosPerOp()));
            } else if (ROWS.stream().noneMatch(e -> e.getKey().equals(r.shortName()))) {
                extra.add(String.format(Locale.ROOT, "%s %s: %.3f %s", r.shortName(), r.params(), r.score(), r.unit()));
            }
        }
        if (!extra.isEmpty()) {
            out.append('\n');
            extra.forEach(line -> out.append(line).append('\n'));
        }
        out.append('\n').append(summaryLine()).append('\n');
        return out.toString();
    }

    /** {@code kestrel_vs_mvel=<ratio> eval_ns_per_event=<n> pipeline_events_per_s=<n> alloc_bytes_per_event=<n>}. */
    public String summaryLine() {
        Optional<JmhResult> kestrel = find("EvaluationBenchmark.kestrel");
        Optional<JmhResult> mvel = find("EvaluationBenchmark.mvel");
        Optional<JmhResult> pipeline = find("PipelineBenchmark.facade").or(() -> find("PipelineBenchmark.kestrel"));
        String ratio = kestrel.isPresent() && mvel.isPresent()
                ? String.format(Locale.ROOT, "%.1f", mvel.get().nanosPerOp() / kestrel.get().nanosPerOp()) : "NA";
        String eval = kestrel.map(k -> String.format(Locale.ROOT, "%.1f", k.nanosPerOp())).orElse("NA");
        String events = pipeline.map(p -> String.format(Locale.ROOT, "%.0f", 1e9 / p.nanosPerOp())).orElse("NA");
        String alloc = kestrel.map(k -> Double.isNaN(k.bytesPerOp()) ? "NA" : String.format(Locale.ROOT, "%.2f", k.bytesPerOp()))
                .orElse("NA");
        return "kestrel_vs_mvel=" + ratio + " eval_ns_per_event=" + eval + " pipeline_events_per_s=" + events
                + " alloc_bytes_per_event=" + alloc;
    }

    private static String rate(double nanosPerEvent) {
        double perSecond = 1e9 / nanosPerEvent;
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
    }

    private static String bytes(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
