package dev.kestrel.engine.output;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Reads a field's value as the typed Java value a JSON alert carries. */
final class FieldValues {

    private FieldValues() {
    }

    /** Long, Double, Boolean, String, List of those, or null when the field has no value. */
    static Object typed(FieldAccessor accessor, EventContext ctx) {
        if (accessor instanceof FieldAccessor.OfString s) {
            return s.get(ctx);
        }
        if (!accessor.present(ctx)) {
            return null;
        }
        if (accessor instanceof FieldAccessor.OfLong l) {
            long v = l.get(ctx);
            if (v < 0 && isUnsigned(accessor.field().descriptor().type())) {
                return new BigInteger(Long.toUnsignedString(v));
            }
            return v;
        }
        if (accessor instanceof FieldAccessor.OfDouble d) {
            return d.get(ctx);
        }
        if (accessor instanceof FieldAccessor.OfBool b) {
            return b.get(ctx);
        }
        if (accessor instanceof FieldAccessor.OfIp ip) {
            return ip.get(ctx).toString();
        }
        if (accessor instanceof FieldAccessor.OfStrings many) {
            List<Object> values = new ArrayList<>();
            many.anyMatch(ctx, v -> {
                values.add(v);
                return false;
            });
            return values;
        }
        if (accessor instanceof FieldAccessor.OfLongs many) {
            List<Object> values = new ArrayList<>();
            many.anyMatch(ctx, v -> {
                values.add(v);
                return false;
            });
            return values;
        }
        StringBuilder text = new StringBuilder();
        accessor.appendText(ctx, text);
        return text.toString();
    }

    private static boolean isUnsigned(FieldType type) {
        return switch (type) {
            case UINT64, ABSTIME, RELTIME -> true;
            default -> false;
        };
    }
}
