package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.engine.index.EventTypeAnalysis;
import dev.kestrel.engine.loader.Collected.RuleDef;
import dev.kestrel.engine.loader.ConditionChecker.Problem;
import dev.kestrel.engine.loader.MacroResolver.ParsedMacro;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks a rule must pass once its condition resolved: its own condition and every macro it
 * reaches (each macro checked once, its problems reported once, at the macro), its output, and its
 * event-type restriction. Honours {@code skip-if-unknown-filter} and {@code warn_evttypes}.
 */
final class RuleChecks {

    private final ConditionChecker conditions;
    private final OutputChecker outputs;
    private final Diagnostics diagnostics;
    private final Map<String, List<Problem>> macroProblems = new HashMap<>();
    private final Set<String> reportedMacros = new HashSet<>();
    private Map<String, ParsedMacro> macros = Map.of();

    /** {@code fields} null (no field catalogue): fields, operators, values and outputs are not checked. */
    RuleChecks(FieldNames fields, Collection<String> listNames, Diagnostics diagnostics) {
        this.conditions = fields == null ? null : new ConditionChecker(fields, listNames);
        this.outputs = fields == null ? null : new OutputChecker(fields);
        this.diagnostics = diagnostics;
    }

    void useMacros(Map<String, ParsedMacro> macros) {
        this.macros = macros;
    }

    /** True when the rule may be loaded; its problems are reported. */
    boolean check(RuleDef rule, Expr ownAst, MappedText text, MacroResolver.Resolution resolution) {
        List<Problem> own = new ArrayList<>();
        if (conditions != null) {
            own.addAll(conditions.check(ownAst, text));
            outputs.check(rule.output).ifPresent(own::add);
        }
        List<Problem> all = new ArrayList<>(own);
        for (String name : resolution.reached()) {
            all.addAll(problemsOf(name));
        }
        List<Problem> errors = all.stream().filter(Problem::isError).toList();
        if (rule.skipIfUnknownFilter && !errors.isEmpty() && errors.stream().allMatch(Problem::unknownFilter)) {
            Diagnostic first = errors.get(0).diagnostic();
            diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, DiagnosticCode.LOAD_UNKNOWN_FILTER,
                    "Rule '" + rule.name + "' is skipped (skip-if-unknown-filter): " + first.message(),
                    first.file(), first.line(), first.column()));
            return false;
        }
        own.forEach(p -> diagnostics.add(p.diagnostic()));
        for (String name : resolution.reached()) {
            if (reportedMacros.add(name)) {
                problemsOf(name).forEach(p -> diagnostics.add(p.diagnostic()));
            }
        }
        if (!errors.isEmpty()) {
            return false;
        }
        if (rule.warnEvttypes && rule.source.equals("syscall")
                && EventTypeAnalysis.eventTypes(resolution.expr()).tooMany()) {
            diagnostics.warning(rule.spot, DiagnosticCode.LOAD_NO_EVTTYPE, "Rule '" + rule.name + "' matches too many "
                    + "evt.type values, so it is evaluated for nearly every event; restrict evt.type "
                    + "(or set warn_evttypes: false)");
        }
        return true;
    }

    private List<Problem> problemsOf(String macro) {
        return macroProblems.computeIfAbsent(macro, name -> {
            ParsedMacro m = macros.get(name);
            return m == null || m.ast() == null || conditions == null ? List.of() : conditions.check(m.ast(), m.text());
        });
    }
}
