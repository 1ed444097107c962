package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.FieldLookup;
import java.util.List;
import java.util.Map;

/** The real loader, compiler, field classes and system state behind a Kestrel instance. */
final class StandardParts implements Parts {

    StandardParts(KestrelBuilder builder) {
    }

    private static UnsupportedOperationException pending() {
        return new UnsupportedOperationException("not yet wired: waiting for the loader, compiler and fields");
    }

    @Override
    public LoadResult load(List<RulesSource> sources) {
        throw pending();
    }

    @Override
    public Program compile(LoadResult loaded, List<LoadedRule> rules, FieldBinder binder) {
        throw pending();
    }

    @Override
    public FieldLookup outputFields(FieldBinder binder) {
        throw pending();
    }

    @Override
    public FieldBinder stateBinder() {
        throw pending();
    }

    @Override
    public FieldBinder fieldValueBinder() {
        throw pending();
    }

    @Override
    public EventContext apply(Event event) {
        throw pending();
    }

    @Override
    public EventContext fieldValues(Map<String, Object> fields) {
        throw pending();
    }
}
