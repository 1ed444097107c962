/**
 * Kestrel's engine: the rules-file loader, the compiler, the event-type index, alert formats, the
 * alert sink SPI with stdout and file sinks, the {@code kestrel.yaml} reader with its output-section
 * SPI, and the {@code Kestrel} facade a host embeds.
 */
module dev.kestrel.engine {
    requires transitive dev.kestrel.core;
    requires transitive dev.kestrel.fields;
    requires com.github.benmanes.caffeine;
    requires org.yaml.snakeyaml;
    requires re2j; // RE2 regular expressions (com.google.re2j), an automatic module
    requires org.slf4j;

    exports dev.kestrel.engine.runtime;
    exports dev.kestrel.engine.loader;
    exports dev.kestrel.engine.output;
    exports dev.kestrel.engine.sink;
<<<<<<< HEAD
    exports dev.kestrel.engine.config;
=======
    exports dev.kestrel.engine.yaml;
>>>>>>> 7949fc1 (Reliability: one KestrelLimits object; rules files refused by type and size before reading, alias and list bombs bounded, duplicate YAML keys are errors (StrictYaml); state tables bounded in bytes with LRU eviction; alert delivery never waits under the engine lock, survives any Throwable, close keeps its bound; output and queue bounded in bytes; limits hit in counters and summaries; CLI exits non-zero on write errors; watch stops strace and the traced tree on signals and reports a dead strace)

    uses dev.kestrel.engine.sink.AlertSinkProvider;
    uses dev.kestrel.engine.config.OutputSectionProvider;
    uses dev.kestrel.core.field.FieldClass;

    provides dev.kestrel.engine.sink.AlertSinkProvider with
            dev.kestrel.engine.sink.StdoutSinkProvider,
            dev.kestrel.engine.sink.FileSinkProvider;
}
