package dev.kestrel.testkit;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.json.JsonWriter;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.AppendOutput;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.runtime.RuleMatching;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * One compiled ruleset the kit runs many tests on: a {@link Kestrel} whose state is reset before
 * each test, with a sink that records the alerts. Thread-safe: runs are serialised.
 */
final class KitEngine implements AutoCloseable {

    /** Fields every alert of the kit carries in output_fields (besides its rule's), for assertions. */
    static final List<String> CONTEXT_FIELDS = List.of("evt.type", "proc.name", "proc.exepath", "proc.cmdline",
            "proc.pname", "proc.pid", "user.name", "container.id", "container.name", "container.image.repository",
            "k8s.pod.name", "k8s.ns.name", "fd.name");

    /** What one run produced: the alerts in order and the events the engine skipped, with reasons. */
    record Run(List<Alert> alerts, List<String> skipped) {
    }

    private static final class Recording implements AlertSink {
        final List<Alert> alerts = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "rule-test";
        }

        @Override
        public void accept(Alert alert) {
            alerts.add(alert);
        }
    }

    private final Kestrel kestrel;
    private final Recording sink = new Recording();

    /**
     * @throws dev.kestrel.engine.runtime.RulesLoadException when the rules do not load or a field is unknown
     */
    KitEngine(List<RulesSource> rules, RuleMatching matching, List<String> extraFields) {
        KestrelBuilder b = Kestrel.builder().ruleMatching(matching).zone(ZoneOffset.UTC).hostname("kestrel-test")
                .alertQueue(100_000, Duration.ofMinutes(1)).logReloadFailures(false).sink(sink);
        for (RulesSource r : rules) {
            b.rulesText(r.name(), r.content());
        }
        List<AppendOutput.ExtraField> fields = new ArrayList<>();
        Stream.concat(CONTEXT_FIELDS.stream(), extraFields.stream()).distinct()
                .forEach(f -> fields.add(AppendOutput.ExtraField.raw(f)));
        b.appendOutput(new AppendOutput("", Set.of(), "", "", fields));
        this.kestrel = b.build();
    }

    /** Replays {@code events} (JSON Lines objects) on a fresh state and returns what they raised. */
    synchronized Run run(List<Map<String, Object>> events) {
        kestrel.resetState();
        sink.alerts.clear();
        KestrelCounters before = kestrel.counters();
        EventJsonReader reader = new EventJsonReader();
        Event event = new Event();
        List<String> skipped = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String line = JsonWriter.write(events.get(i));
            EventJsonReader.Line parsed = reader.parse(line, event);
            if (parsed instanceof EventJsonReader.Line.Malformed m) {
                skipped.add("event " + (i + 1) + " " + line + ": " + m.reason());
            } else if (parsed instanceof EventJsonReader.Line.Parsed) {
                kestrel.process(event);
            } else if (parsed instanceof EventJsonReader.Line.FieldValues fv) {
                kestrel.processFieldValues(fv.fields());
            }
        }
        if (!kestrel.flush(Duration.ofMinutes(1))) {
            skipped.add("the alerts did not reach the test's sink within a minute");
        }
        KestrelCounters after = kestrel.counters();
        after.skippedByReason().forEach((reason, n) -> {
            long more = n - before.skippedByReason().getOrDefault(reason, 0L);
            if (more > 0) {
                skipped.add(more + " event(s) skipped by the engine: " + reason);
            }
        });
        long errors = after.evaluationErrors() - before.evaluationErrors();
        if (errors > 0) {
            skipped.add(errors + " evaluation error(s) (see the log)");
        }
        return new Run(List.copyOf(sink.alerts), skipped);
    }

    @Override
    public void close() {
        kestrel.close();
    }
}
