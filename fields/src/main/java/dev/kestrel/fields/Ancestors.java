package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.fields.state.ProcessInfo;
import dev.kestrel.fields.state.StateContext;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The unindexed ancestor fields ({@code proc.aname}, {@code proc.apid}...): every ancestor from the
 * parent upward, as Falco tests them in a filter (true if any ancestor matches).
 */
final class Ancestors {

    /** Guards against a corrupt parent chain; the state never builds cycles. */
    static final int MAX_DEPTH = 4096;

    private Ancestors() {
    }

    static CatalogueFieldClass.Binding strings(Function<ProcessInfo, String> value) {
        return ref -> ref.argument() == null
                ? new Strings(ref, value)
                : new Accessors.Str(ref, indexed(Integer.parseInt(ref.argument()), value));
    }

    static Accessors.StringGetter indexed(int level, Function<ProcessInfo, String> value) {
        return c -> {
            ProcessInfo p = c.process() == null ? null : c.process().ancestor(level);
            return p == null ? null : value.apply(p);
        };
    }

    static CatalogueFieldClass.Binding pids() {
        return ref -> {
            if (ref.argument() == null) {
                return new Pids(ref, ProcessInfo::pid);
            }
            int level = Integer.parseInt(ref.argument());
            return new Accessors.Num(ref, c -> {
                ProcessInfo p = c.process() == null ? null : c.process().ancestor(level);
                return p == null ? Accessors.NONE : p.pid();
            });
        };
    }

    record Strings(FieldRef field, Function<ProcessInfo, String> value) implements FieldAccessor.OfStrings {
        @Override
        public boolean present(EventContext ctx) {
            return anyMatch(ctx, v -> true);
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            int start = out.length();
            ProcessInfo p = first(ctx);
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                String v = value.apply(p);
                if (v != null) {
                    if (out.length() > start) {
                        out.append(' ');
                    }
                    out.append(v);
                }
            }
            if (out.length() == start) {
                out.append("<NA>");
            }
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            ProcessInfo p = first(ctx);
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                String v = value.apply(p);
                if (v != null && test.test(v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            ProcessInfo p = first(ctx);
            boolean any = false;
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                String v = value.apply(p);
                if (v != null) {
                    any = true;
                    if (!test.test(v)) {
                        return false;
                    }
                }
            }
            return any;
        }
    }

    record Pids(FieldRef field, ToLongFunction<ProcessInfo> value) implements FieldAccessor.OfLongs {
        @Override
        public boolean present(EventContext ctx) {
            return first(ctx) != null;
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            ProcessInfo p = first(ctx);
            if (p == null) {
                out.append("<NA>");
                return;
            }
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                if (i > 0) {
                    out.append(' ');
                }
                out.append(value.applyAsLong(p));
            }
        }

        @Override
        public boolean anyMatch(EventContext ctx, LongPredicate test) {
            ProcessInfo p = first(ctx);
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                if (test.test(value.applyAsLong(p))) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, LongPredicate test) {
            ProcessInfo p = first(ctx);
            if (p == null) {
                return false;
            }
            for (int i = 0; p != null && i < MAX_DEPTH; i++, p = p.parent()) {
                if (!test.test(value.applyAsLong(p))) {
                    return false;
                }
            }
            return true;
        }
    }

    private static ProcessInfo first(EventContext ctx) {
        if (!(ctx instanceof StateContext c) || c.process() == null) {
            return null;
        }
        return c.process().parent();
    }
}
