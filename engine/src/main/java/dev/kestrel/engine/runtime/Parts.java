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

/**
 * What one Kestrel instance uses from the loader, the compiler and the field classes, gathered
 * behind one seam so the runtime's own logic (selection, reload, caching, alerts, counters) is
 * testable on its own. {@link StandardParts} is the real one.
 */
interface Parts {

    /** Loads rules files into rules with every error and warning. */
    LoadResult load(List<RulesSource> sources);

    /**
     * Compiles {@code rules} (already selected) against {@code binder}.
     *
     * @throws RulesLoadException when a rule cannot be compiled
     */
    Program compile(LoadResult loaded, List<LoadedRule> rules, FieldBinder binder);

    /** Resolves fields written in outputs, bound with {@code binder}. */
    FieldLookup outputFields(FieldBinder binder);

    /** The binder reading live system state. */
    FieldBinder stateBinder();

    /** The binder reading the values of a field-value event. */
    FieldBinder fieldValueBinder();

    /**
     * Applies {@code event} to the system state and returns the context rules read it through, or
     * null for a record that only carries state (a process snapshot, container or pod metadata).
     *
     * @throws SkippedEventException when the event cannot be used (the reason is counted)
     */
    EventContext apply(Event event);

    /** Forgets the system state: processes, threads, fds, containers, pods, users. */
    void resetState();

    /**
     * The context of a field-value event {@code {"fields": {...}}}.
     *
     * @throws IllegalArgumentException naming the fields the catalogue does not know
     */
    EventContext fieldValues(Map<String, Object> fields);

    /** The state tables' sizes and counters now, or null when these parts keep no state (test doubles). */
    default StateSnapshot state() {
        return null;
    }

    /** How often each state limit was reached, by its name in {@link KestrelLimits}; called under the lock. */
    default Map<String, Long> limitsHit() {
        return Map.of();
    }
}
