/**
 * Kestrel's network outputs: Falco's http_output (falcosidekick, Falco Talon), Grafana Loki, Slack and
 * webhooks, each buffered and retried on its own thread, and Falco's webserver with /healthz and
 * Prometheus /metrics. JDK HttpClient and HttpServer only.
 */
module dev.kestrel.outputs {
    requires transitive dev.kestrel.engine;
    requires java.net.http;
    requires jdk.httpserver;
    requires org.slf4j;

    exports dev.kestrel.outputs;

    provides dev.kestrel.engine.config.OutputSectionProvider with
            dev.kestrel.outputs.HttpOutputProvider,
            dev.kestrel.outputs.LokiOutputProvider,
            dev.kestrel.outputs.SlackOutputProvider,
            dev.kestrel.outputs.WebhookOutputProvider,
            dev.kestrel.outputs.WebserverProvider;
}
