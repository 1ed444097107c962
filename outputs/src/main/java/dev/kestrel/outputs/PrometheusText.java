package dev.kestrel.outputs;

import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.runtime.RuleMatches;
import dev.kestrel.engine.runtime.StateSnapshot;
import dev.kestrel.engine.sink.MetricFamily;
import dev.kestrel.engine.sink.OutputCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kestrel's counters in Prometheus' text exposition format 0.0.4, with Falco's metric names where
 * Falco has one ({@code falcosecurity_falco_rules_matches_total} with Falco's labels
 * {@code rule_name}, {@code priority} (Falco's number, 0 emergency to 7 debug), {@code source} and
 * {@code tag_<tag>="true"}; {@code falcosecurity_falco_outputs_queue_num_drops_total};
 * {@code falcosecurity_scap_n_evts_total}) and {@code kestrel_*} names for the rest, including
 * {@code kestrel_output_alerts_total{output,status}} for each output, then the families sinks report
 * themselves ({@link Kestrel#sinkMetrics()}: the responder's {@code kestrel_response_*}). Stateless.
 */
public final class PrometheusText {

    /** The content type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    /** The metrics of {@code kestrel} now. */
    public static String render(Kestrel kestrel) {
        KestrelCounters c = kestrel.counters();
        StringBuilder out = new StringBuilder(4096);
        single(out, "falcosecurity_scap_n_evts_total", "counter", "Events Kestrel applied to its state and evaluated.",
                c.eventsProcessed());
        single(out, "kestrel_events_skipped_total", "counter", "Events Kestrel could not use (malformed or unusable), each counted with a reason.",
                c.eventsSkipped());
        family(out, "kestrel_metadata_records_total", "counter",
                "Records that only carry state (process snapshots, containers, pods, users, ...), by kind; not events.");
        c.metadataRecords().forEach((kind, n) -> sample(out, "kestrel_metadata_records_total", Map.of("kind", kind), n));
        List<RuleMatches> matches = kestrel.ruleMatches();
        if (!matches.isEmpty()) {
            family(out, "falcosecurity_falco_rules_matches_total", "counter", "Alerts raised, by rule (Falco's rules_matches).");
            for (RuleMatches m : matches) {
                Map<String, String> labels = new TreeMap<>();
                labels.put("rule_name", m.rule());
                labels.put("priority", Integer.toString(m.priority().ordinal()));
                labels.put("source", m.source());
                for (String tag : m.tags()) {
                    labels.put(labelName("tag_" + tag), "true");
                }
                sample(out, "falcosecurity_falco_rules_matches_total", labels, m.count());
            }
        }
        single(out, "falcosecurity_falco_outputs_queue_num_drops_total", "counter",
                "Alerts dropped because the engine's alert queue was full.", c.alertsDropped());
        single(out, "kestrel_evaluation_errors_total", "counter", "Events whose evaluation failed.", c.evaluationErrors());
        single(out, "kestrel_sink_errors_total", "counter", "Alerts a sink failed to accept.", c.sinkErrors());
        StateSnapshot state = kestrel.state();
        if (state != null) {
            family(out, "kestrel_state_entries", "gauge", "Entries in the state tables rebuilt from events.");
            sample(out, "kestrel_state_entries", Map.of("table", "threads"), state.threads());
            sample(out, "kestrel_state_entries", Map.of("table", "processes"), state.processes());
            sample(out, "kestrel_state_entries", Map.of("table", "containers"), state.containers());
            sample(out, "kestrel_state_entries", Map.of("table", "pods"), state.pods());
            single(out, "falcosecurity_scap_n_drops_full_threadtable_total", "counter",
                    "New threads not recorded because the thread table was full (Falco's name).",
                    state.counters().threadsDropped());
            family(out, "kestrel_state_evictions_total", "counter", "State entries removed to stay within the table limits.");
            sample(out, "kestrel_state_evictions_total", Map.of("table", "threads", "reason", "full"),
                    state.counters().threadsEvicted());
            sample(out, "kestrel_state_evictions_total", Map.of("table", "threads", "reason", "idle"),
                    state.counters().threadsPurged());
            sample(out, "kestrel_state_evictions_total", Map.of("table", "containers", "reason", "full_or_expired"),
                    state.counters().containersEvicted());
            sample(out, "kestrel_state_evictions_total", Map.of("table", "processes", "reason", "bytes"),
                    state.counters().processesEvictedForBytes());
            single(out, "kestrel_state_fds_dropped_total", "counter", "File descriptors not recorded because a process's fd table was full.",
                    state.counters().fdsDropped());
            single(out, "kestrel_state_bytes", "gauge", "Estimated heap the process, thread and fd tables hold.",
                    state.counters().bytes());
        }
        single(out, "kestrel_alerts_delivered_total", "counter", "Alerts every sink accepted.", c.alertsDelivered());
        single(out, "kestrel_alerts_failed_total", "counter", "Alerts a sink failed to accept (whatever it threw).",
                c.alertsFailed());
        if (!c.limitsHit().isEmpty()) {
            family(out, "kestrel_limits_hit_total", "counter",
                    "Times each limit (docs/limits.md) was reached: something cut, evicted, dropped or refused.");
            new TreeMap<>(c.limitsHit()).forEach((limit, n) -> sample(out, "kestrel_limits_hit_total",
                    Map.of("limit", limit), n));
        }
        List<OutputCounters> outputs = kestrel.outputCounters();
        if (!outputs.isEmpty()) {
            family(out, "kestrel_output_alerts_total", "counter",
                    "Alerts each output accepted and what became of them: delivered, failed or dropped.");
            for (OutputCounters o : outputs) {
                sample(out, "kestrel_output_alerts_total", Map.of("output", o.output(), "status", "accepted"), o.accepted());
                sample(out, "kestrel_output_alerts_total", Map.of("output", o.output(), "status", "delivered"), o.delivered());
                sample(out, "kestrel_output_alerts_total", Map.of("output", o.output(), "status", "failed"), o.failed());
                sample(out, "kestrel_output_alerts_total", Map.of("output", o.output(), "status", "dropped"), o.dropped());
            }
            family(out, "kestrel_output_retries_total", "counter", "Alert re-sends after a retryable failure, by output.");
            for (OutputCounters o : outputs) {
                sample(out, "kestrel_output_retries_total", Map.of("output", o.output()), o.retried());
            }
            family(out, "kestrel_output_pending_alerts", "gauge", "Alerts buffered or in flight, by output.");
            for (OutputCounters o : outputs) {
                sample(out, "kestrel_output_pending_alerts", Map.of("output", o.output()), o.pending());
            }
        }
        sinkFamilies(out, kestrel.sinkMetrics());
        return out.toString();
    }

    /** The sinks' own families; two sinks reporting the same family share one HELP and TYPE. */
    private static void sinkFamilies(StringBuilder out, List<MetricFamily> families) {
        Map<String, List<MetricFamily>> byName = new LinkedHashMap<>();
        for (MetricFamily f : families) {
            byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
        }
        byName.forEach((name, same) -> {
            family(out, name, same.get(0).kind().text(), same.get(0).help());
            for (MetricFamily f : same) {
                for (MetricFamily.Sample s : f.samples()) {
                    sample(out, name, s.labels(), s.value());
                }
            }
        });
    }

    private static void single(StringBuilder out, String name, String type, String help, long value) {
        family(out, name, type, help);
        sample(out, name, Map.of(), value);
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, Map<String, String> labels, long value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
                out.append(first ? "" : ",").append(l.getKey()).append("=\"");
                escape(l.getValue(), out);
                out.append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ').append(value).append('\n');
    }

    /** A label name as Falco writes it: characters other than letters, digits and {@code _} become {@code _}. */
    static String labelName(String name) {
        String n = name.replaceAll("[^a-zA-Z0-9_]", "_");
        return Character.isDigit(n.charAt(0)) ? "_" + n : n;
    }

    private static void escape(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(ch);
            }
        }
    }
}
