package dev.kestrel.bench;

import dev.kestrel.bench.baseline.AstInterpreter;
import dev.kestrel.bench.baseline.CatalogueFields;
import dev.kestrel.bench.baseline.MvelBaseline;
import dev.kestrel.bench.baseline.NamedCondition;
import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.compiler.CompiledRule;
import dev.kestrel.engine.compiler.CompiledRuleset;
import dev.kestrel.engine.compiler.RuleCompileException;
import dev.kestrel.engine.compiler.RuleCompiler;
import dev.kestrel.engine.loader.LoadResult;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesLoader;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.fields.state.FrozenContexts;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmarks and the agreement test share: the field catalogue, rules loaded and compiled
 * the way Kestrel does it, the same conditions for the baselines, and a generated stream applied to
 * a fresh system state.
 */
public final class BenchSetup {
    private final FieldCatalogue catalogue = FieldCatalogue.load();

    public FieldCatalogue catalogue() {
        return catalogue;
    }

    /** Loads {@code sources}; a load error is a broken benchmark, so it throws with every message. */
    public LoadResult load(List<RulesSource> sources) {
        LoadResult result = new RulesLoader(catalogue).load(sources);
        if (!result.ok()) {
            throw new IllegalStateException("the benchmark rules do not load: " + result.errors());
        }
        return result;
    }

    /** The enabled rules of {@code loaded}, in load order. */
    public static List<LoadedRule> enabled(LoadResult loaded) {
        return loaded.rules().stream().filter(LoadedRule::enabled).toList();
    }

    /** Compiles the enabled rules against the live-state field binder. */
    public CompiledRuleset compile(LoadResult loaded) {
        try {
            return new RuleCompiler(catalogue, catalogue.binder()).compile(enabled(loaded));
        } catch (RuleCompileException e) {
            throw new IllegalStateException("the benchmark rules do not compile: " + e.getMessage(), e);
        }
    }

    /** The same rules for the baselines: name and complete condition. */
    public static List<NamedCondition> conditions(CompiledRuleset ruleset) {
        return ruleset.rules().stream()
                .map(r -> new NamedCondition(r.definition().name(), r.definition().condition()))
                .toList();
    }

    /** The rules compiled with MVEL, reading fields through the same accessors. */
    public MvelBaseline mvel(CompiledRuleset ruleset) {
        return MvelBaseline.compile(conditions(ruleset), new CatalogueFields(catalogue, catalogue.binder()));
    }

    /** The rules for the plain interpreter. */
    public AstInterpreter interpreter(CompiledRuleset ruleset) {
        return new AstInterpreter(conditions(ruleset), new CatalogueFields(catalogue, catalogue.binder()));
    }

    /**
     * Kestrel's event-type buckets expressed as MVEL rule numbers, by event type ordinal, so the MVEL
     * baseline can run with the same index.
     */
    public static int[][] mvelBuckets(CompiledRuleset ruleset, MvelBaseline mvel) {
        Map<String, Integer> numbers = new HashMap<>();
        for (int i = 0; i < mvel.ruleNames().size(); i++) {
            numbers.put(mvel.ruleNames().get(i), i);
        }
        EventType[] types = EventType.values();
        int[][] buckets = new int[types.length][];
        for (EventType type : types) {
            buckets[type.ordinal()] = ruleset.index().rulesFor(type).stream()
                    .map(CompiledRule::definition)
                    .map(LoadedRule::name)
                    .filter(numbers::containsKey)
                    .mapToInt(numbers::get)
                    .toArray();
        }
        return buckets;
    }

    /** A fresh state with the stream's users, containers, pods, processes and prologue applied. */
    public static SystemState stateFor(GeneratedStream stream) {
        SystemState state = SystemState.create();
        for (Event e : StreamEvents.setup(stream)) {
            state.apply(e);
        }
        return state;
    }

    /** Applies {@code body} once to {@code state} and keeps a detached context per event. */
    public static StateContext[] frozenContexts(SystemState state, Event[] body) {
        StateContext[] contexts = new StateContext[body.length];
        for (int i = 0; i < body.length; i++) {
            contexts[i] = FrozenContexts.freeze(state.apply(body[i]));
        }
        return contexts;
    }
}
