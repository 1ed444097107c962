/**
 * Kestrel's core: the condition language (lexer, parser, immutable AST), the event model, the field
 * catalogue, priorities, alerts and the SPIs for event sources, field classes and metadata.
 */
module dev.kestrel.core {
    requires org.slf4j;

    exports dev.kestrel.core;
    exports dev.kestrel.core.alert;
    exports dev.kestrel.core.condition.ast;
    exports dev.kestrel.core.condition.parser;
    exports dev.kestrel.core.condition.printer;
    exports dev.kestrel.core.event;
    exports dev.kestrel.core.event.jsonl;
    exports dev.kestrel.core.field;
    exports dev.kestrel.core.spi;
    // Kestrel's own small JSON reader/writer and name suggestions serve its modules, not hosts.
    exports dev.kestrel.core.json to dev.kestrel.engine, dev.kestrel.outputs, dev.kestrel.response, dev.kestrel.sensor.ebpf, dev.kestrel.cli,
            dev.kestrel.sensor.scap, dev.kestrel.testkit;
    exports dev.kestrel.core.text to dev.kestrel.fields, dev.kestrel.engine, dev.kestrel.cli, dev.kestrel.sensor.strace;

    uses dev.kestrel.core.spi.EventSourceProvider;
    uses dev.kestrel.core.field.FieldClass;

    provides dev.kestrel.core.spi.EventSourceProvider with dev.kestrel.core.event.jsonl.JsonLinesSourceProvider;
}
