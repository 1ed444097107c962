package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Position;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.engine.index.RuleIndex;
import dev.kestrel.engine.index.TypeSetAnalysis;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.DiagnosticCode;
import dev.kestrel.engine.loader.LoadedRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles loaded rules into a {@link CompiledRuleset}: every field resolved and bound once through a
 * {@link FieldBinder}, every condition turned into a tree of specialised nodes with shared
 * sub-conditions evaluated once per event, and the rules indexed by the event types they can match.
 */
public final class RuleCompiler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RuleCompiler.class);

    private final FieldResolver resolver;
    private final FieldBinder binder;
    private final TypeSetAnalysis typeAnalysis;

    public RuleCompiler(FieldCatalogue catalogue, FieldBinder binder) {
        this(FieldResolver.of(catalogue), binder, TypeSetAnalysis.FALCO);
    }

    public RuleCompiler(FieldResolver resolver, FieldBinder binder, TypeSetAnalysis typeAnalysis) {
        this.resolver = resolver;
        this.binder = binder;
        this.typeAnalysis = typeAnalysis;
    }

    /**
     * Compiles {@code rules} in the order given (their load order).
     *
     * @throws RuleCompileException listing every rule that cannot be compiled
     */
    public CompiledRuleset compile(List<LoadedRule> rules) throws RuleCompileException {
        CompileSession session = new CompileSession(resolver, binder);
        ExprCompiler exprs = new ExprCompiler(session);
        rules.forEach(r -> exprs.countUses(r.condition()));
        List<CompiledRule> compiled = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (LoadedRule r : rules) {
            try {
                compiled.add(new CompiledRule(r, exprs.compile(r.condition()), typeAnalysis.typesOf(r.condition())));
            } catch (CompileProblem p) {
                problems.add(diagnostic(r, p.getMessage(), p.position));
            } catch (RuntimeException e) {
                LOG.debug("internal error while compiling rule '{}'", r.name(), e);
                problems.add(diagnostic(r, "Kestrel could not compile this condition (" + e.getClass().getSimpleName()
                        + "); please report it with the rule", Position.NONE));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleCompileException(problems);
        }
        Sources.Str typeName = eventTypeName(session);
        RuleIndex<CompiledRule> index = RuleIndex.build(compiled, CompiledRule::eventTypes);
        return new CompiledRuleset(compiled, index, session.slotCount(), typeName);
    }

    private static Sources.Str eventTypeName(CompileSession session) {
        try {
            Object s = session.sourceOf(session.bind(new Operand.Field("evt.type", null, Position.NONE)), "evt.type");
            return s instanceof Sources.Str str ? str : null;
        } catch (RuntimeException e) {
            return null; // no evt.type field: events without a type run every rule
        }
    }

    /** A problem at its place in the rules file when the rule knows it, else at the rule's first line. */
    private static Diagnostic diagnostic(LoadedRule r, String message, Position at) {
        String text = "Rule '" + r.name() + "': " + message;
        if (r.locator() != null && at != null && at.offset() >= 0) {
            return r.locator().diagnosticAt(at.offset(), DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, text);
        }
        String where = at == null || at.line() <= 0 ? "" : " (condition " + at.line() + ":" + at.column() + ")";
        return Diagnostic.of(DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, "Rule '" + r.name() + "'" + where + ": "
                + message, r.file(), r.line(), 1);
    }
}
