package dev.kestrel.core.condition.ast;

import java.util.List;

/** The left-hand side of a check: a field or a transformer applied to fields. */
public sealed interface Operand extends Node permits Operand.Field, Operand.Transform {

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
            return o instanceof Field f && f.name.equals(name) && java.util.Objects.equals(f.argument, argument);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + java.util.Objects.hashCode(argument);
        }
    }

    /** {@code tolower(proc.name)}, {@code len(fd.types)}, {@code b64(toupper(x.y))}. */
    record Transform(Transformer transformer, List<Operand> arguments, Position position) implements Operand {
        public Transform {
            arguments = List.copyOf(arguments);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Transform t && t.transformer == transformer && t.arguments.equals(arguments);
        }

        @Override
        public int hashCode() {
            return transformer.hashCode() * 31 + arguments.hashCode();
        }
    }
}
