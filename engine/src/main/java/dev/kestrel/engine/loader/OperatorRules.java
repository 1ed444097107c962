package dev.kestrel.engine.loader;

import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.field.FieldType;
import java.util.EnumSet;
import java.util.Set;

/** Which comparison operators compile for which field type (libsinsp's comparability table). */
final class OperatorRules {

    private static final Set<Operator> ORDERED = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.LT,
            Operator.LE, Operator.GT, Operator.GE, Operator.IN, Operator.INTERSECTS);
    private static final Set<Operator> EQUALITY = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.IN,
            Operator.INTERSECTS);
    private static final Set<Operator> BYTES = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.CONTAINS,
            Operator.IN, Operator.INTERSECTS, Operator.STARTSWITH, Operator.ENDSWITH, Operator.BCONTAINS,
            Operator.BSTARTSWITH);
    private static final Set<Operator> STRINGS = EnumSet.complementOf(
            EnumSet.of(Operator.BCONTAINS, Operator.BSTARTSWITH));
    private static final Set<Operator> LISTS = EnumSet.of(Operator.IN, Operator.INTERSECTS);

    private OperatorRules() {
    }

    /** True when {@code op} compiles against a field of {@code type} ({@code list}: a list-valued field). */
    static boolean allowed(Operator op, FieldType type, boolean list) {
        if (list) {
            return LISTS.contains(op);
        }
        if (type.isNumeric()) {
            return ORDERED.contains(op);
        }
        return switch (type) {
            case BOOL, IPADDR, IPNET -> EQUALITY.contains(op);
            case BYTEBUF -> BYTES.contains(op);
            case STRING, DYNAMIC -> STRINGS.contains(op) || type == FieldType.DYNAMIC;
            default -> true;
        };
    }
}
