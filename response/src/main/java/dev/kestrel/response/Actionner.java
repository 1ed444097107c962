package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import java.util.Set;

/**
 * Does one kind of action named as Falco Talon names it ({@code kubernetes:terminate}, {@code http:post},
 * {@code log}). Found through {@link java.util.ServiceLoader}: register an implementation in
 * {@code META-INF/services/dev.kestrel.response.Actionner} (and {@code provides} in module-info).
 * A {@link Responder} makes one instance per responder and calls it from one worker thread at a time.
 */
public interface Actionner {

    /** The name rules use in {@code actionner:}, e.g. {@code kubernetes:terminate}. */
    String name();

    /**
     * Whether the rule's next action runs after this one when the action sets no {@code continue}
     * (Talon's default: false for actions that end a pod's life, true otherwise).
     */
    default boolean continueByDefault() {
        return true;
    }

    /** The parameter names this actionner reads; any other is reported as a warning when rules load. */
    Set<String> parameterNames();

    /**
     * Checks parameters when the rules load.
     *
     * @throws ActionParameters.InvalidParameterException naming the parameter, with a sentence for the user
     */
    default void checkParameters(ActionParameters parameters) {
    }

    /**
     * What the action acts on for {@code alert}, e.g. {@code pod blog-system/was-1}: the key (with the
     * action) of deduplication, and the target of the record.
     *
     * @throws IllegalArgumentException when the alert lacks what the action needs (e.g. no {@code k8s.pod.name})
     */
    String target(Alert alert, ActionParameters parameters);

    /** What a dry run records instead of running, e.g. {@code would delete pod ns/name}. */
    default String describe(ActionRequest request) {
        return "would run " + name() + " on " + request.target();
    }

    /**
     * Runs the action.
     *
     * @return what was done (or why nothing was, e.g. a DaemonSet's pod left alone)
     * @throws Exception when the action failed; its message is recorded
     */
    ActionOutcome run(ActionRequest request) throws Exception;
}
