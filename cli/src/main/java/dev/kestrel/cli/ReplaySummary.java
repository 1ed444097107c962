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

    /** What reaching {@code limit} did, in a few words. */
    static String effect(String limit) {
        return switch (limit) {
            case "maxStateBytes" -> "least recently active processes evicted from the state";
            case "maxThreads" -> "threads evicted or not recorded";
            case "maxFdsPerProcess" -> "open files not recorded";
            case "maxFdNameBytes" -> "file names cut";
            case "maxContainers" -> "container or pod records evicted";
            case "maxAlertOutputBytes" -> "alert outputs cut";
            case "alertQueue" -> "alerts dropped because the sinks were too slow";
            case "maxEventLineBytes" -> "event lines longer than the limit skipped";
            case "maxEventJsonDepth" -> "event lines nested deeper than the limit skipped";
            case "maxEventStringBytes" -> "string parameters of events cut";
            default -> "see docs/limits.md";
        };
    }

    static void print(KestrelCounters c, List<String> skippedLines, PrintStream err) {
        err.printf("Events: %d processed, %d skipped%n", c.eventsProcessed(), c.eventsSkipped());
        if (c.metadataRecordsTotal() > 0) {
            StringBuilder kinds = new StringBuilder();
            c.metadataRecords().forEach((kind, n) -> {
                if (n > 0) {
                    kinds.append(kinds.length() == 0 ? " (" : ", ").append(kind).append(' ').append(n);
                }
            });
            err.printf("Metadata records: %d%s)%n", c.metadataRecordsTotal(), kinds);
        }
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
        if (c.alertsDropped() > 0 || c.alertsFailed() > 0 || c.sinkErrors() > 0) {
            err.printf("Alerts lost in delivery: %d dropped, %d failed in a sink (%d sink errors)%n", c.alertsDropped(),
                    c.alertsFailed(), c.sinkErrors());
        }
        if (!c.limitsHit().isEmpty()) {
            err.println("Limits reached (docs/limits.md):");
            c.limitsHit().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> err.printf("  %s: %d time(s), %s%n", e.getKey(), e.getValue(), effect(e.getKey())));
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

    /**
     * True (after saying so on {@code err}) when alerts could not be written: a sink failed, or
     * {@code out} had a write error (a full disk, a closed pipe). The command then exits non-zero.
     */
    static boolean deliveryFailed(KestrelCounters c, PrintStream out, PrintStream err, String command) {
        boolean outputError = out.checkError();
        if (c.alertsFailed() == 0 && c.alertsDropped() == 0 && !outputError) {
            return false;
        }
        if (c.alertsFailed() > 0) {
            err.printf("kestrel %s: %d of %d alert(s) could not be written (a write error: the disk may be full"
                    + " or the reader gone)%n", command, c.alertsFailed(), c.alerts());
        } else if (outputError) {
            err.printf("kestrel %s: writing to standard output failed (the disk may be full or the reader gone)%n",
                    command);
        }
        if (c.alertsDropped() > 0) {
            err.printf("kestrel %s: %d alert(s) were dropped because writing them fell behind%n", command,
                    c.alertsDropped());
        }
        return true;
    }
}
