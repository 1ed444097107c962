/**
 * Kestrel's response: Falco Talon-format response rules that act on alerts through actionners
 * ({@code kubernetes:terminate}, {@code kubernetes:label}, {@code kubernetes:networkpolicy},
 * {@code kubernetes:log}, {@code http:post}, {@code log}), off the event path.
 */
module dev.kestrel.response {
    requires transitive dev.kestrel.engine;
    requires java.net.http;
    requires org.slf4j;
    requires org.yaml.snakeyaml;
    // fabric8's client API and model jars have no module names of their own (filename-based).
    requires kubernetes.client.api;
    requires kubernetes.model.core;
    requires kubernetes.model.apps;
    requires kubernetes.model.networking;
    requires io.fabric8.kubernetes.client.jdkhttp;

    exports dev.kestrel.response;

    uses dev.kestrel.response.Actionner;

    provides dev.kestrel.response.Actionner with
            dev.kestrel.response.actionners.TerminateActionner,
            dev.kestrel.response.actionners.LabelActionner,
            dev.kestrel.response.actionners.NetworkPolicyActionner,
            dev.kestrel.response.actionners.PodLogActionner,
            dev.kestrel.response.actionners.HttpPostActionner,
            dev.kestrel.response.actionners.LogActionner;
    provides dev.kestrel.engine.sink.AlertSinkProvider with dev.kestrel.response.ResponseSinkProvider;
    provides dev.kestrel.engine.config.OutputSectionProvider with dev.kestrel.response.ResponseSectionProvider;
}
