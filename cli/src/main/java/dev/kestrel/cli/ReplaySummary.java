package dev.kestrel.cli;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.sink.OutputCounters;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Prints what a replay did: events, skips with reasons, alerts by priority and the rules that fired most. */
final class ReplaySummary {

    private static final int TOP_RULES = 10;

    private ReplaySummary() {
    }

    static void print(KestrelCounters c, List<String> skippedLines, PrintStream err) {
        err.printf("Events: %d processed, %d skipped%n", c.eventsProcessed(), c.eventsSkipped());
        c.skippedByReason().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> err.printf("  skipped %d: %s%n", e.getValue(), e.getKey()));
        if (!skippedLines.isEmpty()) {
            err.println("  first skipped lines:");
            skippedLines.forEach(l -> err.println("    " + l));
        }
        StringBuilder byPriority = new StringBuilder();
        for (Priority p : Priority.values()) {
            Long n = c.alertsByPriority().get(p);
            if (n != null) {
                byPriority.append(byPriority.length() == 0 ? " (" : ", ").append(p.display()).append(' ').append(n);
            }
        }
        if (byPriority.length() > 0) {
            byPriority.append(')');
        }
        err.printf("Alerts: %d%s%n", c.alerts(), byPriority);
        c.alertsByRule().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_RULES)
                .forEach(e -> err.printf("  %5d  %s%n", e.getValue(), e.getKey()));
        if (c.evaluationErrors() > 0) {
            err.printf("Evaluation errors: %d (see the log above)%n", c.evaluationErrors());
        }
        if (c.alertsDropped() > 0 || c.sinkErrors() > 0) {
            err.printf("Alerts lost in delivery: %d dropped, %d sink errors%n", c.alertsDropped(), c.sinkErrors());
        }
    }

    /** One line per network output: what became of the alerts it accepted. */
    static void printOutputs(List<OutputCounters> outputs, PrintStream err) {
        if (outputs.isEmpty()) {
            return;
        }
        err.println("Outputs:");
        for (OutputCounters o : outputs) {
            err.printf("  %-12s %d delivered, %d retried, %d failed, %d dropped%s%n", o.output(), o.delivered(),
                    o.retried(), o.failed(), o.dropped(), o.pending() > 0 ? ", " + o.pending() + " pending" : "");
        }
    }
}
