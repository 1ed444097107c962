package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.text.NameSuggester;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
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

    /** How many macros of the chain an error over a limit names before saying how many more there are. */
    private static final int CHAIN_NAMES_SHOWN = 3;

    private final Map<String, ParsedMacro> macros;
    private final Set<String> brokenMacros;
    /** Macros whose expansion went over a limit, already reported: macros that use them fail without a second error. */
    private final Set<String> macrosOverLimit = new HashSet<>();
    private final LoaderLimits limits;

    MacroResolver(Map<String, ParsedMacro> macros, Set<String> brokenMacros, LoaderLimits limits) {
        this.macros = macros;
        this.brokenMacros = brokenMacros;
        this.limits = limits;
    }

    /**
     * Expands the condition {@code ast} (parsed from {@code text}) of the macro {@code name} with the
     * macros whose index is below {@code horizon}.
     */
    Resolution resolveMacro(Expr ast, MappedText text, int horizon, String name) {
        return resolve(ast, text, new Walk(horizon, name, "macro '" + name + "'"));
    }

    /** Expands the condition {@code ast} (parsed from {@code text}) of the rule {@code name} with the macros below {@code horizon}. */
    Resolution resolveRule(Expr ast, MappedText text, int horizon, String name) {
        return resolve(ast, text, new Walk(horizon, null, "rule '" + name + "'"));
    }

    private static Resolution resolve(Expr ast, MappedText text, Walk walk) {
        walk.texts.push(text);
        if (walk.self != null) {
            walk.stack.push(walk.self);
        }
        Expr out = walk.expand(ast, 0);
        return new Resolution(walk.failed ? null : out, walk.reached, walk.errors);
    }

    private final class Walk {
        final int horizon;
        /** The macro being resolved, or null for a rule. */
        final String self;
        /** The macro or rule being resolved, as errors name it. */
        final String root;
        final Deque<MappedText> texts = new ArrayDeque<>();
        final Deque<String> stack = new ArrayDeque<>();
        /** The macro references being expanded, innermost first. */
        final Deque<Expr.MacroRef> path = new ArrayDeque<>();
        final Set<String> reached = new LinkedHashSet<>();
        final List<Diagnostic> errors = new ArrayList<>();
        int nodes;
        boolean failed;
        boolean limitHit;

        /** Expanding a rule: macro bodies move to the position of their name in the rule. */
        final boolean forRule;

        Walk(int horizon, String self, String root) {
            this.horizon = horizon;
            this.self = self;
            this.root = root;
            this.forRule = self == null;
        }

        Expr expand(Expr e, int depth) {
            if (limitHit) {
                return e;
            }
            if (++nodes > limits.maxExpandedNodes() || depth > limits.maxConditionDepth()) {
                overLimit(e, nodes > limits.maxExpandedNodes());
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
            if (!forRule && macrosOverLimit.contains(name)) {
                failed = true; // reported at that macro; the rules that use this one are reported too
                macrosOverLimit.add(self);
                return ref;
            }
            stack.push(name);
            path.push(ref);
            texts.push(m.text());
            try {
                Expr expanded = expand(m.ast(), depth + 1);
                // only the outermost expansion moves positions: inner ones are still needed for errors
                return stack.size() == 1 && forRule ? Repositioned.at(expanded, ref.position()) : expanded;
            } finally {
                texts.pop();
                path.pop();
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

        /**
         * Reports, once per walk, that the expansion went over the depth or the size limit: at the
         * outermost macro reference of the root's condition (the root's own node without macros), naming
         * the root, the limit and the chain of macros the walk was in.
         */
        private void overLimit(Expr at, boolean tooLarge) {
            failed = true;
            limitHit = true;
            if (self != null) {
                macrosOverLimit.add(self);
            }
            String message = tooLarge
                    ? root + " has more than " + limits.maxExpandedNodes() + " nodes once its macros are expanded"
                            + chain(", reached inside") + " (the limit maxExpandedNodes)"
                    : root + " nests more than " + limits.maxConditionDepth() + " levels deep once its macros are expanded"
                            + chain(", through") + " (the limit maxConditionDepth)";
            Node place = path.isEmpty() ? at : path.peekLast();
            errors.add(texts.peekLast().spotAt(place.position().offset())
                    .error(DiagnosticCode.LOAD_ERR_COMPILE_CONDITION, message));
        }

        /** The macros being expanded, outermost first, after {@code lead}: the first few and how many more. */
        private String chain(String lead) {
            if (path.isEmpty()) {
                return "";
            }
            List<String> names = new ArrayList<>();
            path.descendingIterator().forEachRemaining(ref -> names.add(ref.name()));
            String shown = String.join(", ", names.subList(0, Math.min(CHAIN_NAMES_SHOWN, names.size())));
            int more = names.size() - CHAIN_NAMES_SHOWN;
            return lead + (names.size() == 1 ? " macro " : " macros ") + shown + (more > 0 ? " and " + more + " more" : "");
        }

        private void fail(Node node, DiagnosticCode code, String message) {
            failed = true;
            Spot spot = texts.peek().spotAt(node.position().offset());
            errors.add(spot.error(code, message));
        }
    }
}
