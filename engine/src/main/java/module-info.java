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
    exports dev.kestrel.engine.config;
    // bounded reading of YAML and text files, for Kestrel's own readers (its signatures hold SnakeYAML types)
    exports dev.kestrel.engine.yaml to dev.kestrel.outputs, dev.kestrel.response, dev.kestrel.testkit, dev.kestrel.cli;

    uses dev.kestrel.engine.sink.AlertSinkProvider;
    uses dev.kestrel.engine.config.OutputSectionProvider;
    uses dev.kestrel.core.field.FieldClass;

    provides dev.kestrel.engine.sink.AlertSinkProvider with
            dev.kestrel.engine.sink.StdoutSinkProvider,
            dev.kestrel.engine.sink.FileSinkProvider;
}
