package dev.kestrel.core.condition.ast;

import java.util.List;

/** The right-hand side of a comparison. */
public sealed interface Value extends Node
        permits Value.Literal, Value.ListLiteral, Value.FieldValue, Value.TransformValue, Value.ListName {

    /** A single string value, bare or quoted; {@code text} is the decoded (unescaped) text. */
    record Literal(String text, Position position) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && l.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /** {@code (a, "b c", d)}; may be empty. */
    record ListLiteral(List<Literal> items, Position position) implements Value {
        public ListLiteral {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ListLiteral l && l.items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode() + 7;
        }
    }

    /** {@code val(proc.pname)}: compare with another field of the same event. */
    record FieldValue(Operand.Field field, Position position) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof FieldValue f && f.field.equals(field);
        }

        @Override
        public int hashCode() {
            return field.hashCode() + 11;
        }
    }

    /** A transformer on the right-hand side, e.g. {@code = toupper(proc.pname)}. */
    record TransformValue(Operand.Transform transform, Position position) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof TransformValue t && t.transform.equals(transform);
        }

        @Override
        public int hashCode() {
            return transform.hashCode() + 13;
        }
    }

    /**
     * A bare identifier after a list operator ({@code proc.name in my_list}), accepted by the grammar;
     * Falco substitutes list names as text before parsing, so this only survives for unknown names.
     */
    record ListName(String name, Position position) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof ListName l && l.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode() + 17;
        }
    }
}
