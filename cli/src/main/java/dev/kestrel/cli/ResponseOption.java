package dev.kestrel.cli;

import dev.kestrel.response.ActionCounters;
import dev.kestrel.response.ActionStatus;
import dev.kestrel.response.Responder;
import dev.kestrel.response.ResponderBuilder;
import dev.kestrel.response.ResponseCounters;
import dev.kestrel.response.ResponseRulesException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The response rules of {@code replay} and {@code watch}, from {@code --response FILE} or the
 * config's {@code response:} section alike: a responder whose every action is an {@code action ...}
 * line on standard error (besides its audit file, when configured), and its summary at the end.
 */
final class ResponseOption {

    private ResponseOption() {
    }

    /**
     * Builds the responder {@code builder} describes, printing its actions on {@code err}, or returns
     * null after printing why the response rules cannot be used; {@code printWarnings} is false when the
     * config reader has already printed the rules' warnings.
     */
    static Responder open(ResponderBuilder builder, boolean printWarnings, PrintStream err, String command,
            String nothingDone) {
        try {
            Responder responder = builder
                    .listener(r -> {
                        synchronized (err) {
                            err.println(r.line());
                            if (!r.output().isEmpty()) {
                                r.output().lines().forEach(l -> err.println("  | " + l));
                            }
                        }
                    })
                    .build();
            if (printWarnings) {
                responder.warnings().forEach(d -> err.println(d.format()));
            }
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
