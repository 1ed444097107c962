package dev.kestrel.core.condition.ast;

import java.util.List;
import java.util.Objects;

/**
 * The left-hand side of a check: a field or a transformer applied to fields. {@link Constant} and
 * {@link Group} only occur as arguments of the newer multi-value transformers ({@code join},
 * {@code concat}, {@code getopt}).
 */
public sealed interface Operand extends Node
        permits Operand.Field, Operand.Transform, Operand.Constant, Operand.Group {

    /**
     * A field reference such as {@code proc.name}, {@code proc.aname[2]} or
     * {@code k8s.pod.label[app]}. {@code argument} is the text between the brackets, or null.
     * Dotted-suffix arguments ({@code evt.arg.name}) stay part of {@code name}; the field
     * catalogue splits them.
     */
    record Field(String name, String argument, Position position) implements Operand {
        /** The field as written in a condition: {@code name} or {@code name[argument]}. */
        public String text() {
            return argument == null ? name : name + "[" + argument + "]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Field f && f.name.equals(name) && Objects.equals(f.argument, argument);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Objects.hashCode(argument);
        }
    }

    /**
     * {@code tolower(proc.name)}, {@code len(fd.types)}, {@code b64(toupper(x.y))},
     * {@code getopt(proc.args, "ab:")[b]}. {@code argument} is the text between the brackets after
     * the call (only {@code getopt} uses one), or null.
     */
    record Transform(Transformer transformer, List<Operand> arguments, String argument, Position position)
            implements Operand {
        public Transform {
            arguments = List.copyOf(arguments);
        }

        /** A call without a bracket argument. */
        public Transform(Transformer transformer, List<Operand> arguments, Position position) {
            this(transformer, arguments, null, position);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transform t
                    && t.transformer == transformer
                    && t.arguments.equals(arguments)
                    && Objects.equals(t.argument, argument);
        }

        @Override
        public int hashCode() {
            return (transformer.hashCode() * 31 + arguments.hashCode()) * 31 + Objects.hashCode(argument);
        }
    }

    /**
     * A quoted string or a number given to a transformer, e.g. the separator of
     * {@code join(",", (a.b, c.d))}; {@code text} is decoded (unescaped).
     */
    record Constant(String text, Position position) implements Operand {
        @Override
        public boolean equals(Object o) {
            return o instanceof Constant c && c.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode() + 19;
        }
    }

    /** A parenthesized argument list given to a transformer, e.g. {@code (a.b, c.d)} in {@code join}. */
    record Group(List<Operand> items, Position position) implements Operand {
        public Group {
            items = List.copyOf(items);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && g.items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode() + 23;
        }
    }
}
