package dev.kestrel.response;

import dev.kestrel.engine.sink.MetricFamily.Kind;
import dev.kestrel.engine.sink.MetricFamily.Sample;
import dev.kestrel.engine.sink.MetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A responder's counters as Prometheus families, named like the engine's {@code kestrel_*} metrics:
 * alerts received and matched, jobs queued and dropped, the queue now (jobs and bytes), actions
 * planned and how they ended by actionner and outcome (the audit file's status words, plus
 * {@code deduplicated}, {@code dropped} and {@code skipped}), records a listener or the audit file
 * failed to take. Stateless.
 */
final class ResponseMetrics {

    private ResponseMetrics() {
    }

    static List<MetricFamily> families(ResponseCounters c) {
        List<MetricFamily> out = new ArrayList<>();
        out.add(new MetricFamily("kestrel_response_alerts_total", Kind.COUNTER,
                "Alerts the responder received, and those that matched a response rule.",
                List.of(new Sample(Map.of("status", "received"), c.alertsReceived()),
                        new Sample(Map.of("status", "matched"), c.alertsMatched()))));
        out.add(new MetricFamily("kestrel_response_jobs_total", Kind.COUNTER,
                "Matched alerts whose actions were queued for the worker, or dropped (queue full or responder closed).",
                List.of(new Sample(Map.of("status", "queued"), c.jobsQueued()),
                        new Sample(Map.of("status", "dropped"), c.jobsDropped()))));
        out.add(new MetricFamily("kestrel_response_queue_jobs", Kind.GAUGE,
                "Matched alerts waiting in the response queue now.", List.of(new Sample(Map.of(), c.queueJobs()))));
        out.add(new MetricFamily("kestrel_response_queue_bytes", Kind.GAUGE,
                "Estimated heap the waiting matched alerts hold.", List.of(new Sample(Map.of(), c.queueBytes()))));
        List<Sample> planned = new ArrayList<>();
        List<Sample> ended = new ArrayList<>();
        c.actionners().forEach((name, a) -> {
            planned.add(new Sample(Map.of("actionner", name), a.planned()));
            for (ActionStatus s : ActionStatus.values()) {
                ended.add(outcome(name, s.text(), a.of(s)));
            }
            ended.add(outcome(name, "deduplicated", a.deduplicated()));
            ended.add(outcome(name, "dropped", a.dropped()));
            ended.add(outcome(name, "skipped", a.skipped()));
        });
        out.add(new MetricFamily("kestrel_response_actions_planned_total", Kind.COUNTER,
                "Actions of matched response rules for matched alerts, by actionner; each ends once in kestrel_response_actions_total.",
                planned));
        out.add(new MetricFamily("kestrel_response_actions_total", Kind.COUNTER,
                "Actions by actionner and how they ended: success, ignored, dry_run, failure, rate_limited, deduplicated, dropped, skipped.",
                ended));
        out.add(new MetricFamily("kestrel_response_dedup_evictions_total", Kind.COUNTER,
                "Action and target pairs the deduplication forgot before their window ended, to keep within its key limit.",
                List.of(new Sample(Map.of(), c.dedupKeysEvicted()))));
        out.add(new MetricFamily("kestrel_response_record_errors_total", Kind.COUNTER,
                "Action records a listener or the audit file failed to take.",
                List.of(new Sample(Map.of("to", "listener"), c.listenerErrors()),
                        new Sample(Map.of("to", "audit_file"), c.auditErrors()))));
        return out;
    }

    private static Sample outcome(String actionner, String outcome, long value) {
        return new Sample(Map.of("actionner", actionner, "outcome", outcome), value);
    }
}
