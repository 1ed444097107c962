package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.engine.loader.Collected.RuleDef;
import dev.kestrel.engine.loader.MacroResolver.ParsedMacro;
import java.util.Map;

/** The checks a rule must pass after its condition resolved: fields, operators, values, output, event types. */
final class RuleChecks {

    private final FieldNames fields;
    private final Diagnostics diagnostics;
    private Map<String, ParsedMacro> macros = Map.of();

    RuleChecks(FieldNames fields, Diagnostics diagnostics) {
        this.fields = fields;
        this.diagnostics = diagnostics;
    }

    void useMacros(Map<String, ParsedMacro> macros) {
        this.macros = macros;
    }

    /** True when the rule may be loaded; problems are reported. */
    boolean check(RuleDef rule, Expr ownAst, MappedText text, MacroResolver.Resolution resolution) {
        return true;
    }
}
