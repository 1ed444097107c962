package dev.kestrel.response;

import java.util.List;
import java.util.Map;

/**
 * One {@code key=value} or {@code key!=value} of Talon's {@code match.output_fields}. {@code =} holds
 * when the alert has the field with that value; {@code !=} holds unless the alert has the field with
 * that value (a missing field, or one without a value, passes). Values compare as text. Immutable.
 */
record FieldCondition(String key, boolean equal, String value) {

    boolean test(Map<String, Object> outputFields) {
        String actual = text(outputFields.get(key));
        boolean same = actual != null && actual.equals(value);
        return equal == same;
    }

    /**
     * An output field's value as text the way Talon prints it: numbers in decimal, booleans as
     * {@code true}/{@code false}, lists as {@code [a b]}; null for a field without a value.
     */
    static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : Double.toString(d);
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                b.append(l.get(i) == null ? "<nil>" : text(l.get(i)));
            }
            return b.append(']').toString();
        }
        return v.toString();
    }

    @Override
    public String toString() {
        return key + (equal ? "=" : "!=") + value;
    }
}
