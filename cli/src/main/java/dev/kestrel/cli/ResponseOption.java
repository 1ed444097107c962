package dev.kestrel.cli;

import dev.kestrel.response.ActionCounters;
import dev.kestrel.response.ActionStatus;
import dev.kestrel.response.Responder;
import dev.kestrel.response.ResponseCounters;
import dev.kestrel.response.ResponseRulesException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code --response FILE} of {@code replay} and {@code watch}: a responder whose every action is an
 * {@code action ...} line on standard error, and its summary at the end.
 */
final class ResponseOption {

    private ResponseOption() {
    }

    /** The responder, or null after printing why the response rules cannot be used. */
    static Responder open(String file, boolean dryRun, PrintStream err, String command, String nothingDone) {
        try {
            Responder responder = Responder.builder().rules(Path.of(file)).dryRun(dryRun)
                    .listener(r -> {
                        synchronized (err) {
                            err.println(r.line());
                            if (!r.output().isEmpty()) {
                                r.output().lines().forEach(l -> err.println("  | " + l));
                            }
                        }
                    })
                    .build();
            responder.warnings().forEach(d -> err.println(d.format()));
            return responder;
        } catch (ResponseRulesException e) {
            e.errors().forEach(d -> err.println(d.format()));
            err.println("kestrel " + command + ": the response rules have " + e.errors().size() + " error(s); " + nothingDone);
        } catch (UncheckedIOException e) {
            err.println("kestrel " + command + ": " + e.getMessage() + "; " + nothingDone);
        }
        return null;
    }

    static void printSummary(ResponseCounters c, PrintStream err) {
        ActionCounters total = c.total();
        StringBuilder b = new StringBuilder("Response: ").append(c.alertsMatched()).append(" of ").append(c.alertsReceived())
                .append(" alert(s) matched; actions:");
        for (ActionStatus s : ActionStatus.values()) {
            b.append(' ').append(s.text()).append(' ').append(total.of(s)).append(',');
        }
        b.append(" deduplicated ").append(total.deduplicated());
        if (total.skipped() > 0) {
            b.append(", skipped ").append(total.skipped());
        }
        if (c.jobsDropped() > 0) {
            b.append("; ").append(c.jobsDropped()).append(" matched alert(s) dropped (queue full) with ")
                    .append(total.dropped()).append(" action(s)");
        }
        err.println(b);
    }
}
