package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Expr;
import dev.kestrel.core.condition.ast.Node;
import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.condition.parser.ConditionParser;
import dev.kestrel.core.condition.parser.ConditionSyntaxException;
import dev.kestrel.engine.loader.RulesItem.ExceptionEntry;
import dev.kestrel.engine.loader.RulesItem.ExceptionSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks an exception's shape when it is collected and fills in Falco's default comparison
 * operators: {@code =} for each field of the tuple form, {@code in} for the single-field form. Fields
 * may be wrapped in transformers ({@code tolower(proc.name)}); comps may carry a modifier
 * ({@code startswith oneof}).
 */
final class ExceptionValidator {

    private static final Set<String> SINGLE_FIELD_COMPS = Set.of("in", "pmatch", "intersects");

    private final FieldNames fields;

    /** {@code fields} may be null: field names are then not checked (unknown source, no catalogue). */
    ExceptionValidator(FieldNames fields) {
        this.fields = fields;
    }

    /** The exception with its default comps; throws {@link InvalidItem} on the first problem. */
    ExceptionSpec validate(ExceptionSpec ex) {
        if (ex.fields() instanceof ExceptionEntry.Sequence fieldSeq) {
            ExceptionEntry comps = ex.comps();
            if (comps == null) {
                List<ExceptionEntry> eq = new ArrayList<>();
                for (ExceptionEntry f : fieldSeq.items()) {
                    eq.add(new ExceptionEntry.Scalar("=", f.spot()));
                }
                comps = new ExceptionEntry.Sequence(eq, ex.spot());
            }
            int compCount = comps instanceof ExceptionEntry.Sequence s ? s.items().size() : -1;
            if (compCount != fieldSeq.items().size()) {
                throw InvalidItem.validate(comps.spot(), "Fields and comps lists must have equal length");
            }
            List<ExceptionEntry> normalized = new ArrayList<>();
            for (ExceptionEntry c : ((ExceptionEntry.Sequence) comps).items()) {
                if (!(c instanceof ExceptionEntry.Scalar s) || ExceptionComp.parse(s.text()) == null) {
                    throw InvalidItem.validate(c.spot(), "'" + text(c).strip() + "' is not a supported comparison operator");
                }
                normalized.add(new ExceptionEntry.Scalar(s.text().strip(), s.spot()));
            }
            comps = new ExceptionEntry.Sequence(normalized, comps.spot());
            for (ExceptionEntry f : fieldSeq.items()) {
                checkField(f);
            }
            if (ex.values() != null) {
                for (ExceptionEntry v : ex.values()) {
                    checkTuple(v, fieldSeq.items().size());
                }
            }
            return new ExceptionSpec(ex.name(), ex.fields(), comps, ex.values(), ex.spot());
        }
        ExceptionEntry comps = ex.comps() == null ? new ExceptionEntry.Scalar("in", ex.spot()) : ex.comps();
        if (!(comps instanceof ExceptionEntry.Scalar comp)) {
            throw InvalidItem.validate(comps.spot(), "Fields and comps must both be strings");
        }
        ExceptionComp parsed = ExceptionComp.parse(comp.text());
        if (parsed == null || (!SINGLE_FIELD_COMPS.contains(comp.text().strip()) && parsed.modifier() == null)) {
            throw InvalidItem.validate(comp.spot(), "When fields is a single value, comps must be one of "
                    + "(in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)");
        }
        comps = new ExceptionEntry.Scalar(comp.text().strip(), comp.spot());
        checkField(ex.fields());
        if (ex.values() != null) {
            for (ExceptionEntry v : ex.values()) {
                if (!(v instanceof ExceptionEntry.Scalar)) {
                    throw InvalidItem.validate(v.spot(), "Expected values array to contain a list of strings");
                }
            }
        }
        return new ExceptionSpec(ex.name(), ex.fields(), comps, ex.values(), ex.spot());
    }

    /** Checks values appended to an existing exception against its fields. */
    void checkValues(ExceptionSpec existing, List<ExceptionEntry> values) {
        for (ExceptionEntry v : values) {
            if (existing.fields() instanceof ExceptionEntry.Sequence seq) {
                checkTuple(v, seq.items().size());
            } else if (!(v instanceof ExceptionEntry.Scalar)) {
                throw InvalidItem.validate(v.spot(), "Expected values array to contain a list of strings");
            }
        }
    }

    private static void checkTuple(ExceptionEntry value, int fieldCount) {
        int size = value instanceof ExceptionEntry.Sequence s ? s.items().size() : -1;
        if (size != fieldCount) {
            throw InvalidItem.validate(value.spot(), "Fields and values lists must have equal length");
        }
    }

    private void checkField(ExceptionEntry field) {
        if (!(field instanceof ExceptionEntry.Scalar s)) {
            throw InvalidItem.validate(field.spot(), "'" + text(field) + "' is not a supported filter field");
        }
        if (fields != null && !isValidLeftSide(s.text())) {
            throw InvalidItem.validate(field.spot(), "'" + s.text() + "' is not a supported filter field");
        }
    }

    /**
     * A field, or (when the text has a parenthesis) transformers over fields, as Falco checks them: the
     * text must parse as the left side of {@code exists} and every field in it must be known.
     */
    private boolean isValidLeftSide(String text) {
        if (text.indexOf('(') < 0) {
            return fields.resolveText(text) instanceof FieldNames.Resolution.Found;
        }
        Expr parsed;
        try {
            parsed = ConditionParser.parse(text + " exists");
        } catch (ConditionSyntaxException e) {
            return false;
        }
        if (!(parsed instanceof Expr.Exists exists) || exists.left() instanceof Operand.Field) {
            return false;
        }
        List<String> problems = new ArrayList<>();
        OperandTypes types = new OperandTypes(fields, new OperandTypes.Reporter() {
            @Override
            public void error(Node node, String message, boolean unknownFilter) {
                problems.add(message);
            }

            @Override
            public void warning(Node node, DiagnosticCode code, String message) {
            }
        });
        return types.type(exists.left()) != null && problems.isEmpty();
    }

    private static String text(ExceptionEntry e) {
        if (e instanceof ExceptionEntry.Scalar s) {
            return s.text();
        }
        List<String> parts = new ArrayList<>();
        for (ExceptionEntry item : ((ExceptionEntry.Sequence) e).items()) {
            parts.add(text(item));
        }
        return "[" + String.join(", ", parts) + "]";
    }
}
