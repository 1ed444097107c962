package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Expr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles conditions into node trees, sharing work across a whole ruleset: structurally equal
 * sub-conditions (expanded macros such as {@code spawned_process} appear in many rules) compile to one
 * node, and a sub-condition used more than once is wrapped in a {@link Logic.Memo} so it is evaluated
 * at most once per event.
 */
final class ExprCompiler {
    private final CompileSession session;
    private final CheckCompiler checks;
    private final Map<Expr, Integer> uses = new HashMap<>();
    private final Map<Expr, Cond> compiled = new HashMap<>();

    ExprCompiler(CompileSession session) {
        this.session = session;
        this.checks = new CheckCompiler(session);
    }

    /** Counts the sub-conditions of every condition first, so sharing is known before compiling. */
    void countUses(Expr e) {
        uses.merge(e, 1, Integer::sum);
        if (e instanceof Expr.And a) {
            a.children().forEach(this::countUses);
        } else if (e instanceof Expr.Or o) {
            o.children().forEach(this::countUses);
        } else if (e instanceof Expr.Not n) {
            countUses(n.operand());
        }
    }

    Cond compile(Expr e) {
        Cond done = compiled.get(e);
        if (done != null) {
            return done;
        }
        Cond c = compileFresh(e);
        if (uses.getOrDefault(e, 0) > 1 && !(e instanceof Expr.Not) && !(c instanceof Logic.Const)) {
            c = new Logic.Memo(c, session.newSlot());
        }
        compiled.put(e, c);
        return c;
    }

    private Cond compileFresh(Expr e) {
        if (e instanceof Expr.And a) {
            return a.children().size() == 1 ? compile(a.children().get(0)) : new Logic.And(all(a.children()));
        }
        if (e instanceof Expr.Or o) {
            return o.children().size() == 1 ? compile(o.children().get(0)) : new Logic.Or(all(o.children()));
        }
        if (e instanceof Expr.Not n) {
            return new Logic.Not(compile(n.operand()));
        }
        if (e instanceof Expr.Exists x) {
            return checks.exists(x);
        }
        if (e instanceof Expr.Comparison c) {
            return checks.comparison(c);
        }
        Expr.MacroRef m = (Expr.MacroRef) e;
        throw new CompileProblem("macro '" + m.name() + "' was not expanded (undefined macro?)", m.position());
    }

    private Cond[] all(List<Expr> children) {
        Cond[] out = new Cond[children.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = compile(children.get(i));
        }
        return out;
    }
}
