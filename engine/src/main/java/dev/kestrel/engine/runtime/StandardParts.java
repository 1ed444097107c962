package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.spi.MetadataProvider;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.Evaluator;
import dev.kestrel.engine.compiler.MatchListener;
import dev.kestrel.engine.compiler.RuleCompileException;
import dev.kestrel.engine.compiler.RuleCompiler;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.CatalogueFields;
import dev.kestrel.engine.output.FieldLookup;
import dev.kestrel.fields.FieldValueBinder;
import dev.kestrel.fields.FieldValuesContext;
import dev.kestrel.fields.state.StateLimits;
import dev.kestrel.fields.state.SystemState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The real loader, compiler, field classes and system state behind a Kestrel instance. Not
 * thread-safe on its own: {@link Kestrel} calls {@link #apply} and evaluates under its lock.
 */
final class StandardParts implements Parts {

    private final FieldCatalogue catalogue;
    private final RulesLoader loader;
    private final StateLimits stateLimits;
    private final List<MetadataProvider> metadataProviders;
    private final Executor metadataExecutor;
    private SystemState state;
    private final FieldValueBinder fieldValueBinder;
    private final FieldValuesContext fieldValuesContext = new FieldValuesContext();

    StandardParts(KestrelBuilder builder) {
        FieldCatalogue found = FieldCatalogue.load(StandardParts.class.getClassLoader());
        if (builder.fieldClasses.isEmpty()) {
            this.catalogue = found;
        } else {
            List<FieldClass> classes = new ArrayList<>(found.classes());
            classes.addAll(builder.fieldClasses);
            this.catalogue = FieldCatalogue.of(classes);
        }
        this.loader = new RulesLoader(catalogue, builder.limits.rules(), RulesLoader.DEFAULT_SOURCES);
        this.stateLimits = builder.limits.state();
        this.metadataProviders = List.copyOf(builder.metadataProviders);
        this.metadataExecutor = builder.metadataExecutor;
        this.state = newState();
        this.fieldValueBinder = new FieldValueBinder(catalogue);
    }

    private SystemState newState() {
        return SystemState.create(stateLimits, metadataProviders, metadataExecutor);
    }

    @Override
    public LoadResult load(List<RulesSource> sources) {
        return loader.load(sources);
    }

    @Override
    public Program compile(LoadResult loaded, List<LoadedRule> rules, FieldBinder binder) {
        try {
            return new CompiledProgram(new RuleCompiler(catalogue, binder).compile(rules));
        } catch (RuleCompileException e) {
            throw new RulesLoadException(e.diagnostics(), loaded.warnings());
        }
    }

    @Override
    public FieldLookup outputFields(FieldBinder binder) {
        return new CatalogueFields(catalogue, binder);
    }

    @Override
    public FieldBinder stateBinder() {
        return catalogue.stateBinder();
    }

    @Override
    public FieldBinder fieldValueBinder() {
        return fieldValueBinder;
    }

    @Override
    public EventContext apply(Event event) {
        if (event.type() == null) {
            throw new SkippedEventException("event without a type");
        }
        if (event.type().internal()) {
            String missing = missingRecord(event);
            if (missing != null) {
                throw new SkippedEventException(missing + " record without its data");
            }
            state.apply(event);
            return null;
        }
        return state.apply(event);
    }

    /** The kind of record a Kestrel record event should carry when it carries none, else null. */
    private static String missingRecord(Event e) {
        return switch (e.type()) {
            case PROCESS_SNAPSHOT -> e.process() == null ? "process snapshot" : null;
            case FD_SNAPSHOT -> e.fdSnapshot() == null ? "fd snapshot" : null;
            case CONTAINER_METADATA -> e.container() == null ? "container" : null;
            case POD_METADATA -> e.pod() == null ? "pod" : null;
            case USER_METADATA -> e.user() == null ? "user" : null;
            case GROUP_METADATA -> e.group() == null ? "group" : null;
            case HOST_ENTRY -> e.host() == null ? "host" : null;
            default -> null;
        };
    }

    @Override
    public Map<String, Long> limitsHit() {
        return state.limitsHit();
    }

    @Override
    public void resetState() {
        state = newState();
    }

    @Override
    public EventContext fieldValues(Map<String, Object> fields) {
        List<String> problems = new ArrayList<>(fieldValueBinder.check(fields));
        FieldValueTypes.check(catalogue, fields, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return fieldValuesContext.reset(fields);
    }

    /**
     * A compiled ruleset with one evaluator of its own; {@link Kestrel} evaluates under its lock, so
     * one evaluator (and its per-event scratch) is enough.
     */
    private static final class CompiledProgram implements Program {
        private final CompiledRuleset ruleset;
        private final Evaluator evaluator;
        private Matches lastMatches;
        private MatchListener listener;

        CompiledProgram(CompiledRuleset ruleset) {
            this.ruleset = ruleset;
            this.evaluator = ruleset.newEvaluator();
        }

        @Override
        public int evaluate(EventContext ctx, Matches matches, boolean firstOnly) {
            if (matches != lastMatches) {
                lastMatches = matches;
                listener = (rule, c) -> matches.onMatch(rule.definition(), c);
            }
            return evaluator.evaluate(ctx, listener, firstOnly);
        }

        @Override
        public Object identity() {
            return ruleset;
        }

        @Override
        public Set<EventType> eventTypes() {
            Set<EventType> types = EnumSet.noneOf(EventType.class);
            if (!ruleset.index().rulesForOtherTypes().isEmpty()) {
                return EnumSet.allOf(EventType.class);
            }
            for (EventType t : EventType.values()) {
                if (!ruleset.index().rulesFor(t).isEmpty()) {
                    types.add(t);
                }
            }
            return types;
        }
    }

    @Override
    public StateSnapshot state() {
        return new StateSnapshot(state.threads().threadCount(), state.threads().processCount(),
                state.containers().containerCount(), state.containers().podCount(), state.counters());
    }
}
