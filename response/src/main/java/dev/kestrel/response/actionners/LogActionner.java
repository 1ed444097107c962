package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.response.ActionOutcome;
import dev.kestrel.response.ActionParameters;
import dev.kestrel.response.ActionRequest;
import dev.kestrel.response.Actionner;
import java.util.Map;
import java.util.Set;

/**
 * {@code log}: does nothing but record the alert (in the action record, the audit file and the
 * log). Its target is the alert's rule on its pod (or host). Stateless.
 */
public final class LogActionner implements Actionner {

    @Override
    public String name() {
        return "log";
    }

    @Override
    public Set<String> parameterNames() {
        return Set.of();
    }

    @Override
    public String target(Alert alert, ActionParameters parameters) {
        Object pod = alert.outputFields().get("k8s.pod.name");
        Object ns = alert.outputFields().get("k8s.ns.name");
        return "alert '" + alert.rule() + "' on " + (pod != null && ns != null ? "pod " + ns + "/" + pod : "host " + alert.hostname());
    }

    @Override
    public String describe(ActionRequest request) {
        return "would record: " + request.alert().output();
    }

    @Override
    public ActionOutcome run(ActionRequest request) {
        return ActionOutcome.done("recorded: " + request.alert().output(), Map.of());
    }
}
