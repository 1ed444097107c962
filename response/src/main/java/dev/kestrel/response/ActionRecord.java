package dev.kestrel.response;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The record of one action: which response rule and action, on which alert (its rule, priority and
 * time), on which target, how it ended and why. Immutable; {@code error} is empty unless the status
 * is {@link ActionStatus#FAILURE} or {@link ActionStatus#RATE_LIMITED}; no field is null.
 *
 * @param at when the action ended
 * @param responseRule the response rule's name
 * @param action the action's name
 * @param actionner the actionner's name, e.g. {@code kubernetes:terminate}
 * @param alertRule the Falco rule of the alert
 * @param alertPriority the alert's priority as Falco prints it
 * @param alertTimeNanos the alert's time, nanoseconds since the epoch
 * @param target what the action acted on, e.g. {@code pod blog-system/was-1}
 * @param status how it ended
 * @param dryRun whether it was a dry run
 * @param message what was done, or would have been done
 * @param error why it failed
 * @param objects the objects touched
 * @param output text the action brought back (log lines), or empty
 */
public record ActionRecord(Instant at, String responseRule, String action, String actionner, String alertRule,
        String alertPriority, long alertTimeNanos, String target, ActionStatus status, boolean dryRun,
        String message, String error, Map<String, String> objects, String output) {

    public ActionRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(responseRule, "responseRule");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actionner, "actionner");
        Objects.requireNonNull(alertRule, "alertRule");
        Objects.requireNonNull(alertPriority, "alertPriority");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(error, "error");
        objects = Map.copyOf(objects);
        Objects.requireNonNull(output, "output");
    }

    /**
     * The one-line form the command line prints:
     * {@code action dry_run rule='..' action='..' actionner=.. target=.. alert='..': message}.
     */
    public String line() {
        StringBuilder b = new StringBuilder("action ").append(status.text());
        b.append(" rule='").append(responseRule).append("' action='").append(action).append("' actionner=")
                .append(actionner).append(" target=").append(target).append(" alert='").append(alertRule)
                .append("' (").append(alertPriority).append(')');
        if (!message.isEmpty()) {
            b.append(": ").append(message);
        }
        if (!error.isEmpty()) {
            b.append(message.isEmpty() ? ": " : "; ").append(error);
        }
        return b.toString();
    }
}
