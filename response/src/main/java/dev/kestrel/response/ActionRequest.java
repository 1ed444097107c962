package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import java.util.Objects;

/**
 * One action to run: the alert that caused it, the action's merged parameters, its target (from
 * {@link Actionner#target}) and the responder's shared environment. Immutable; no field is null.
 */
public record ActionRequest(Alert alert, ActionParameters parameters, String target, ActionnerEnvironment environment) {

    public ActionRequest {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(environment, "environment");
    }
}
