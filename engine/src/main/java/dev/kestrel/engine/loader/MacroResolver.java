package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.text.NameSuggester;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces macro references in a parsed condition by the macros' ASTs, recursively. Only macros
 * whose position is below a horizon are visible (a macro sees earlier macros, a rule sees all
 * macros collected so far); a macro reached again while it is being expanded is a reference loop.
 */
final class MacroResolver {

    /** A macro after parsing; {@code ast} is null when its condition did not parse. */
    record ParsedMacro(String name, int index, Expr ast, MappedText text) {
    }

    /** The expanded AST (null when something failed) and the macros it reached. */
    record Resolution(Expr expr, Set<String> reached, List<Diagnostic> errors) {
    }

    private final Map<String, ParsedMacro> macros;
    private final Set<String> brokenMacros;
    private final LoaderLimits limits;

    MacroResolver(Map<String, ParsedMacro> macros, Set<String> brokenMacros, LoaderLimits limits) {
        this.macros = macros;
        this.brokenMacros = brokenMacros;
        this.limits = limits;
    }

    /**
     * Expands {@code ast} (parsed from {@code text}) with the macros whose index is below
     * {@code horizon}; {@code self} is the macro being resolved, or null for a rule.
     */
    Resolution resolve(Expr ast, MappedText text, int horizon, String self) {
        Walk walk = new Walk(horizon, self == null);
        walk.texts.push(text);
        if (self != null) {
            walk.stack.push(self);
        }
        Expr out = walk.expand(ast, 0);
        return new Resolution(walk.failed ? null : out, walk.reached, walk.errors);
    }

    private final class Walk {
        final int horizon;
        final Deque<MappedText> texts = new ArrayDeque<>();
        final Deque<String> stack = new ArrayDeque<>();
        final Set<String> reached = new LinkedHashSet<>();
        final List<Diagnostic> errors = new ArrayList<>();
        int nodes;
        boolean failed;
        boolean limitHit;

        /** Expanding a rule: macro bodies move to the position of their name in the rule. */
        final boolean forRule;

        Walk(int horizon, boolean forRule) {
            this.horizon = horizon;
            this.forRule = forRule;
        }

        Expr expand(Expr e, int depth) {
            if (limitHit) {
                return e;
            }
            if (++nodes > limits.maxExpandedNodes() || depth > limits.maxConditionDepth()) {
                fail(e, DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, nodes > limits.maxExpandedNodes()
                        ? "the condition is too large once macros are expanded (more than "
                                + limits.maxExpandedNodes() + " nodes, from maxExpandedNodes)"
                        : "macros nest too deeply (more than " + limits.maxConditionDepth()
                                + " levels, from maxConditionDepth)");
                limitHit = true; // report the limit once
                return e;
            }
            if (e instanceof Expr.And a) {
                List<Expr> children = new ArrayList<>(a.children().size());
                for (Expr c : a.children()) {
                    children.add(expand(c, depth + 1));
                }
                return new Expr.And(children, a.position());
            }
            if (e instanceof Expr.Or o) {
                List<Expr> children = new ArrayList<>(o.children().size());
                for (Expr c : o.children()) {
                    children.add(expand(c, depth + 1));
                }
                return new Expr.Or(children, o.position());
            }
            if (e instanceof Expr.Not n) {
                return new Expr.Not(expand(n.operand(), depth + 1), n.position());
            }
            if (e instanceof Expr.MacroRef ref) {
                return macro(ref, depth);
            }
            return e;
        }

        private Expr macro(Expr.MacroRef ref, int depth) {
            String name = ref.name();
            ParsedMacro m = macros.get(name);
            if (m == null || m.index() >= horizon) {
                if (brokenMacros.contains(name)) {
                    failed = true; // its own error was reported where it is defined
                    return ref;
                }
                String message;
                if (m != null) {
                    message = "undefined macro '" + name + "': a macro can only use macros defined before it";
                } else {
                    String suggestion = NameSuggester.nearest(name, visibleNames()).orElse(null);
                    message = "undefined macro '" + name + "'"
                            + (suggestion == null ? "" : " (did you mean " + suggestion + "?)");
                }
                fail(ref, DiagnosticCode.LOAD_ERR_VALIDATE, message);
                return ref;
            }
            if (stack.contains(name)) {
                fail(ref, DiagnosticCode.LOAD_ERR_VALIDATE, "reference loop in macro '" + name + "'");
                return ref;
            }
            reached.add(name);
            if (m.ast() == null) {
                failed = true;
                return ref;
            }
            stack.push(name);
            texts.push(m.text());
            try {
                Expr expanded = expand(m.ast(), depth + 1);
                // only the outermost expansion moves positions: inner ones are still needed for errors
                return stack.size() == 1 && forRule ? Repositioned.at(expanded, ref.position()) : expanded;
            } finally {
                texts.pop();
                stack.pop();
            }
        }

        private List<String> visibleNames() {
            List<String> names = new ArrayList<>();
            for (ParsedMacro m : macros.values()) {
                if (m.index() < horizon) {
                    names.add(m.name());
                }
            }
            return names;
        }

        private void fail(Node node, DiagnosticCode code, String message) {
            failed = true;
            Spot spot = texts.peek().spotAt(node.position().offset());
            errors.add(spot.error(code, message));
        }
    }
}
