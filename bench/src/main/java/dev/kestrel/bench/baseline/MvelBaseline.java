package dev.kestrel.bench.baseline;

import dev.kestrel.core.event.EventContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mvel2.MVEL;
import org.mvel2.ParserContext;
import org.mvel2.optimizers.OptimizerFactory;

/**
 * A ruleset's conditions compiled with MVEL ({@code compileExpression}, the ASM optimizer, a typed
 * {@link MvelRow} context): the baseline Kestrel is measured against. This is the only class that
 * touches MVEL's static configuration, and it does so under one lock.
 */
public final class MvelBaseline {
    private final List<String> names;
    private final Serializable[] expressions;
    private final Map<String, String> skipped;
    private final MvelTranslator translator;

    private MvelBaseline(List<String> names, Serializable[] expressions, Map<String, String> skipped,
            MvelTranslator translator) {
        this.names = List.copyOf(names);
        this.expressions = expressions;
        this.skipped = Collections.unmodifiableMap(skipped);
        this.translator = translator;
    }

    /**
     * Translates and compiles {@code conditions} in order. A condition the translation does not
     * cover is left out and listed in {@link #skipped()} with the reason.
     */
    public static MvelBaseline compile(List<NamedCondition> conditions, MvelTranslator.FieldResolver resolver) {
        MvelTranslator translator = new MvelTranslator(resolver);
        List<String> names = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (NamedCondition condition : conditions) {
            try {
                texts.add(translator.translate(condition.condition()));
                names.add(condition.name());
            } catch (UnsupportedConditionException e) {
                skipped.put(condition.name(), e.getMessage());
            }
        }
        Serializable[] compiled = new Serializable[texts.size()];
        synchronized (MvelBaseline.class) {
            OptimizerFactory.setDefaultOptimizer("ASM");
            ParserContext context = new ParserContext();
            context.setStrongTyping(true);
            context.addInput("this", MvelRow.class);
            for (int i = 0; i < compiled.length; i++) {
                compiled[i] = MVEL.compileExpression(texts.get(i), context);
            }
        }
        return new MvelBaseline(names, compiled, skipped, translator);
    }

    /** Names of the compiled rules, in order; rule numbers below index this list. */
    public List<String> ruleNames() {
        return names;
    }

    /** Rules left out of the baseline, with the reason. */
    public Map<String, String> skipped() {
        return skipped;
    }

    /** A fresh evaluation context; one per thread. */
    public MvelRow newRow() {
        return translator.newRow();
    }

    /** Whether rule number {@code rule} matches the event last given to {@link MvelRow#begin}. */
    public boolean matches(int rule, MvelRow row) {
        return (Boolean) MVEL.executeExpression(expressions[rule], row);
    }

    /** Evaluates every rule on {@code event}, as an engine without an event-type index does; returns the matches. */
    public int evaluateAll(MvelRow row, EventContext event) {
        row.begin(event);
        int matches = 0;
        for (Serializable expression : expressions) {
            if ((Boolean) MVEL.executeExpression(expression, row)) {
                matches++;
            }
        }
        return matches;
    }

    /** Evaluates only the rules numbered in {@code candidates} (an event-type bucket); returns the matches. */
    public int evaluate(MvelRow row, EventContext event, int[] candidates) {
        row.begin(event);
        int matches = 0;
        for (int rule : candidates) {
            if ((Boolean) MVEL.executeExpression(expressions[rule], row)) {
                matches++;
            }
        }
        return matches;
    }
}
