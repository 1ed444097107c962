/**
 * Alert delivery beyond stdout and files: Falco's {@code http_output} (to falcosidekick or Falco
 * Talon), Grafana Loki, Slack and webhooks, each with its own bounded buffer, worker and retries;
 * and Falco's {@code webserver} with {@code /healthz} and Prometheus {@code /metrics}. Each is read
 * from its {@code kestrel.yaml} section by an {@link dev.kestrel.engine.config.OutputSectionProvider}
 * found through ServiceLoader, or built directly from its {@code Settings}.
 */
package dev.kestrel.outputs;
