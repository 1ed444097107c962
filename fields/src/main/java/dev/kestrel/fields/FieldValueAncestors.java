package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * The unindexed ancestor fields of a field-value test event ({@code proc.aname}, {@code proc.apid}):
 * the field's own value when given, else the values of its indexed levels, so a test can state either.
 */
final class FieldValueAncestors {

    private static final int MAX_LEVEL = 32;

    private FieldValueAncestors() {
    }

    /** The values of an unindexed ancestor field: its own (string or array), else levels 1 and up. */
    static List<Object> ancestorValues(EventContext ctx, String key, String name, String parentAlias) {
        List<Object> out = new ArrayList<>();
        if (!(ctx instanceof FieldValuesContext c)) {
            return out;
        }
        Object own = c.value(key);
        if (own instanceof List<?> l) {
            for (Object o : l) {
                if (o != null) {
                    out.add(o);
                }
            }
            return out;
        }
        if (own != null) {
            out.add(own);
            return out;
        }
        for (int level = 1; level <= MAX_LEVEL; level++) {
            String k = name + "[" + level + "]";
            Object v = c.has(k) ? c.value(k) : level == 1 && parentAlias != null ? c.value(parentAlias) : null;
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    private static void appendAll(List<Object> vs, StringBuilder out) {
        if (vs.isEmpty()) {
            out.append("<NA>");
            return;
        }
        for (int i = 0; i < vs.size(); i++) {
            out.append(i == 0 ? "" : " ").append(vs.get(i));
        }
    }

    /** An unindexed ancestor field with string values ({@code proc.aname}). */
    record AnyAncestor(FieldRef field, String key, String name, String parentAlias) implements FieldAccessor.OfStrings {
        @Override
        public boolean present(EventContext ctx) {
            return !ancestorValues(ctx, key, name, parentAlias).isEmpty();
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            appendAll(ancestorValues(ctx, key, name, parentAlias), out);
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            for (Object v : ancestorValues(ctx, key, name, parentAlias)) {
                if (test.test(v.toString())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            List<Object> vs = ancestorValues(ctx, key, name, parentAlias);
            for (Object v : vs) {
                if (!test.test(v.toString())) {
                    return false;
                }
            }
            return !vs.isEmpty();
        }
    }

    /** {@code proc.apid} without index: the ancestors' pids. */
    record AnyAncestorPid(FieldRef field, String key, String name, String parentAlias) implements FieldAccessor.OfLongs {
        @Override
        public boolean present(EventContext ctx) {
            return !ancestorValues(ctx, key, name, parentAlias).isEmpty();
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            appendAll(ancestorValues(ctx, key, name, parentAlias), out);
        }

        @Override
        public boolean anyMatch(EventContext ctx, LongPredicate test) {
            for (Object v : ancestorValues(ctx, key, name, parentAlias)) {
                Long l = FieldValueBinder.toLong(v);
                if (l != null && test.test(l)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, LongPredicate test) {
            List<Object> vs = ancestorValues(ctx, key, name, parentAlias);
            for (Object v : vs) {
                Long l = FieldValueBinder.toLong(v);
                if (l == null || !test.test(l)) {
                    return false;
                }
            }
            return !vs.isEmpty();
        }
    }
}
