package dev.kestrel.engine.typing;

import dev.kestrel.core.condition.ast.Modifier;
import dev.kestrel.core.condition.ast.Operator;
import dev.kestrel.core.field.FieldType;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which comparison operators (and {@code oneof}/{@code anyof}/{@code allof} modifiers) apply to which
 * field type: libsinsp's comparability table. The loader's checks and the compiler both ask here.
 * Stateless and thread-safe.
 */
public final class OperatorTable {

    private static final Set<Operator> NUMERIC = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.LT,
            Operator.LE, Operator.GT, Operator.GE, Operator.IN, Operator.INTERSECTS);
    private static final Set<Operator> EQUALITY = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE, Operator.IN,
            Operator.INTERSECTS);
    private static final Set<Operator> BYTEBUF = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE,
            Operator.CONTAINS, Operator.IN, Operator.INTERSECTS, Operator.STARTSWITH, Operator.ENDSWITH,
            Operator.BCONTAINS, Operator.BSTARTSWITH);
    private static final Set<Operator> STRING = EnumSet.complementOf(EnumSet.of(Operator.BCONTAINS,
            Operator.BSTARTSWITH));
    private static final Set<Operator> LIST = EnumSet.of(Operator.IN, Operator.INTERSECTS);
    /** The operators the grammar lets a modifier follow. */
    private static final Set<Operator> MODIFIABLE = EnumSet.of(Operator.EQ, Operator.EQEQ, Operator.NE,
            Operator.CONTAINS, Operator.ICONTAINS, Operator.BCONTAINS, Operator.STARTSWITH, Operator.BSTARTSWITH,
            Operator.ENDSWITH, Operator.GLOB, Operator.IGLOB, Operator.REGEX);

    private OperatorTable() {
    }

    /**
     * Null when {@code op} (with {@code modifier}, which may be null) applies to a value of {@code type}
     * ({@code list}: a list-valued field), else a sentence saying why not.
     */
    public static String problem(Operator op, Modifier modifier, FieldType type, boolean list) {
        if (modifier != null && !MODIFIABLE.contains(op)) {
            return "operator '" + op.text() + "' does not take " + modifier.text();
        }
        if (list) {
            return LIST.contains(op) ? null
                    : "operator '" + op.text() + "' does not apply to list fields (they take only in and intersects)";
        }
        Set<Operator> allowed = switch (type) {
            case BOOL, IPADDR, IPNET -> EQUALITY;
            case BYTEBUF -> BYTEBUF;
            case STRING -> STRING;
            case DYNAMIC -> EnumSet.allOf(Operator.class);
            default -> NUMERIC;
        };
        if (!allowed.contains(op)) {
            if (op == Operator.BCONTAINS || op == Operator.BSTARTSWITH) {
                return "operator '" + op.text() + "' applies to bytebuf fields only";
            }
            return "operator '" + op.text() + "' does not apply to " + type.displayName() + " fields";
        }
        if (modifier != null && (type == FieldType.IPADDR || type == FieldType.IPNET)
                && op != Operator.EQ && op != Operator.EQEQ && op != Operator.NE) {
            return "'" + op.text() + " " + modifier.text() + "' is not supported for address and network fields";
        }
        return null;
    }
}
