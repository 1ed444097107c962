package dev.kestrel.response;

import java.util.Map;
import java.util.Objects;

/**
 * What an {@link Actionner} did: {@code done} false when it chose to do nothing (e.g. the pod belongs
 * to a DaemonSet and the rule says to leave those alone); a sentence; the objects touched
 * ({@code pod}, {@code namespace}, {@code networkpolicy}); and any text it brought back (a pod's log
 * lines), or empty. Immutable; no field is null.
 */
public record ActionOutcome(boolean done, String message, Map<String, String> objects, String output) {

    public ActionOutcome {
        Objects.requireNonNull(message, "message");
        objects = Map.copyOf(objects);
        Objects.requireNonNull(output, "output");
    }

    /** The action was done. */
    public static ActionOutcome done(String message, Map<String, String> objects) {
        return new ActionOutcome(true, message, objects, "");
    }

    /** The actionner chose not to act, for the reason given. */
    public static ActionOutcome ignored(String reason, Map<String, String> objects) {
        return new ActionOutcome(false, reason, objects, "");
    }
}
