package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.ast.Transformer;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * Types the left side of a check (a field, a transformer over fields, a constant or a list given to a
 * transformer) the way libsinsp's filter compiler does, with its argument rules for {@code join},
 * {@code concat} and {@code getopt}. Problems go to a {@link Reporter}; a null type means a problem was
 * reported. Not thread-safe: one instance per condition check.
 */
final class OperandTypes {

    /** The type of a checked operand; {@code descriptor} is null unless it is a plain field. */
    record Typed(FieldType type, boolean list, FieldDescriptor descriptor) {
        static final Typed STRING = new Typed(FieldType.STRING, false, null);
        static final Typed STRINGS = new Typed(FieldType.STRING, true, null);

        boolean textual() {
            return type == FieldType.STRING || type == FieldType.BYTEBUF || type == FieldType.DYNAMIC;
        }
    }

    /** Where problems go. */
    interface Reporter {
        void error(Node node, String message, boolean unknownFilter);

        void warning(Node node, DiagnosticCode code, String message);
    }

    private final FieldNames fields;
    private final Reporter reporter;

    OperandTypes(FieldNames fields, Reporter reporter) {
        this.fields = fields;
        this.reporter = reporter;
    }

    /** The type of {@code o}, or null when it has a problem (already reported). */
    Typed type(Operand o) {
        if (o instanceof Operand.Field f) {
            return field(f);
        }
        if (o instanceof Operand.Constant) {
            return Typed.STRING;
        }
        if (o instanceof Operand.Group g) {
            boolean ok = true;
            for (Operand item : g.items()) {
                ok &= type(item) != null;
            }
            return ok ? Typed.STRINGS : null;
        }
        return transform((Operand.Transform) o);
    }

    private Typed field(Operand.Field f) {
        FieldNames.Resolution r = fields.resolve(f.name(), f.argument());
        if (r instanceof FieldNames.Resolution.Unknown u) {
            reporter.error(f, u.message(), u.unknownName());
            return null;
        }
        FieldDescriptor d = ((FieldNames.Resolution.Found) r).descriptor();
        if (d.has(FieldFlag.DEPRECATED)) {
            reporter.warning(f, DiagnosticCode.LOAD_DEPRECATED_ITEM, "field '" + d.name() + "' is deprecated");
        }
        if (d.has(FieldFlag.OUTPUT_ONLY)) {
            reporter.error(f, "field '" + d.name() + "' can only be used in outputs", false);
            return null;
        }
        FieldType type = d.type();
        String argument = ((FieldNames.Resolution.Found) r).argument();
        if (type == FieldType.DYNAMIC && d.name().equals("evt.rawarg") && argument != null) {
            // the parameter's own type, as libsinsp parses the literal against it
            type = EventType.isNumericParam(argument) ? FieldType.INT64 : FieldType.STRING;
        }
        return new Typed(type, d.has(FieldFlag.LIST), d);
    }

    private Typed transform(Operand.Transform t) {
        List<Typed> args = new ArrayList<>();
        boolean ok = true;
        for (Operand arg : t.arguments()) {
            Typed a = type(arg);
            ok &= a != null;
            args.add(a);
        }
        if (!ok) {
            return null;
        }
        String problem = switch (t.transformer()) {
            case JOIN -> join(t, args);
            case CONCAT -> concat(t, args);
            case GETOPT -> getopt(t, args);
            default -> single(t, args);
        };
        if (problem != null) {
            reporter.error(t, problem, false);
            return null;
        }
        return switch (t.transformer()) {
            case LEN -> new Typed(FieldType.UINT64, false, null);
            case GETOPT -> t.argument() == null ? Typed.STRINGS : Typed.STRING;
            default -> Typed.STRING;
        };
    }

    private static String single(Operand.Transform t, List<Typed> args) {
        String name = t.transformer().text();
        if (args.size() != 1) {
            return "transformer '" + name + "' takes exactly one argument";
        }
        if (t.argument() != null) {
            return "transformer '" + name + "' does not support field arguments";
        }
        Typed inner = args.get(0);
        if (inner.descriptor() != null && inner.descriptor().has(FieldFlag.NO_TRANSFORMER)) {
            return "transformer '" + name + "' cannot be applied to field '" + inner.descriptor().name() + "'";
        }
        if (t.transformer() == Transformer.LEN) {
            return inner.list() || inner.textual() ? null
                    : "transformer 'len' applies to strings and lists, not to type " + inner.type().displayName();
        }
        if (inner.list()) {
            return "transformer '" + name + "' applies to a single string value, not to a list";
        }
        return inner.textual() ? null
                : "transformer '" + name + "' works on string fields, not on type " + inner.type().displayName();
    }

    private static String join(Operand.Transform t, List<Typed> args) {
        if (args.size() != 2) {
            return "join() requires exactly 2 arguments: separator and list";
        }
        if (args.get(0).list()) {
            return "join() first argument (separator) must be a single value, not a list";
        }
        if (!args.get(1).list()) {
            return "join() second argument must be a list";
        }
        return t.argument() == null ? null : "transformer 'join' does not support field arguments";
    }

    private static String concat(Operand.Transform t, List<Typed> args) {
        if (args.size() < 2) {
            return "concat() requires at least 2 arguments";
        }
        for (Typed a : args) {
            if (a.list() || (a.type() != FieldType.STRING && a.type() != FieldType.DYNAMIC)) {
                return "concat() arguments must be strings";
            }
        }
        return t.argument() == null ? null : "transformer 'concat' does not support field arguments";
    }

    private static String getopt(Operand.Transform t, List<Typed> args) {
        if (args.size() != 2) {
            return "getopt() requires exactly 2 arguments: args list and optstring";
        }
        if (!args.get(0).list()) {
            return "getopt() first argument must be a list";
        }
        if (args.get(1).list()) {
            return "getopt() second argument (optstring) must be a single value";
        }
        if (!stringy(args.get(0)) || !stringy(args.get(1))) {
            return "getopt() arguments must be strings";
        }
        if (t.argument() != null && t.argument().length() != 1) {
            return "getopt() field argument must be a single option character";
        }
        return null;
    }

    private static boolean stringy(Typed t) {
        return t.type() == FieldType.STRING || t.type() == FieldType.DYNAMIC;
    }
}
