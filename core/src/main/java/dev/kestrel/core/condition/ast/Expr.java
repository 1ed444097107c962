package dev.kestrel.core.condition.ast;

import java.util.List;

/**
 * A boolean expression of the Falco condition language. Immutable; {@code equals} and
 * {@code hashCode} compare structure and ignore positions, so a printed-then-reparsed AST equals
 * the original.
 */
public sealed interface Expr extends Node {

    /** n-ary conjunction, evaluated left to right with short circuit. */
    record And(List<Expr> children, Position position) implements Expr {
        public And {
            children = List.copyOf(children);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof And a && a.children.equals(children);
        }

        @Override
        public int hashCode() {
            return 31 * children.hashCode() + 1;
        }
    }

    /** n-ary disjunction, evaluated left to right with short circuit. */
    record Or(List<Expr> children, Position position) implements Expr {
        public Or {
            children = List.copyOf(children);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Or a && a.children.equals(children);
        }

        @Override
        public int hashCode() {
            return 31 * children.hashCode() + 2;
        }
    }

    /** Negation. */
    record Not(Expr operand, Position position) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o instanceof Not n && n.operand.equals(operand);
        }

        @Override
        public int hashCode() {
            return 31 * operand.hashCode() + 3;
        }
    }

    /** A bare identifier: a reference to a macro, replaced by the macro's AST when resolved. */
    record MacroRef(String name, Position position) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o instanceof MacroRef m && m.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode() + 4;
        }
    }

    /** {@code lhs exists}. */
    record Exists(Operand left, Position position) implements Expr {
        @Override
        public boolean equals(Object o) {
            return o instanceof Exists e && e.left.equals(left);
        }

        @Override
        public int hashCode() {
            return left.hashCode() + 5;
        }
    }

    /**
     * {@code lhs OP rhs} for every binary operator. {@code modifier} is null unless the condition
     * used {@code oneof}/{@code anyof}/{@code allof}.
     */
    record Comparison(Operand left, Operator operator, Modifier modifier, Value right, Position position)
            implements Expr {
        @Override
        public boolean equals(Object o) {
            return o instanceof Comparison c
                    && c.left.equals(left)
                    && c.operator == operator
                    && c.modifier == modifier
                    && c.right.equals(right);
        }

        @Override
        public int hashCode() {
            return ((left.hashCode() * 31 + operator.hashCode()) * 31 + right.hashCode()) * 31 + 6;
        }
    }
}
