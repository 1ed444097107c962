package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.IpAddress;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/** Accessors that never have a value: what a field Kestrel does not extract yields (it still loads). */
final class AbsentAccessor {

    private AbsentAccessor() {
    }

    static FieldAccessor of(FieldRef ref) {
        if (ref.descriptor().has(FieldFlag.LIST)) {
            return new NoStrings(ref);
        }
        return switch (ref.descriptor().type()) {
            case BOOL -> new NoBool(ref);
            case DOUBLE -> new NoDouble(ref);
            case IPADDR, IPNET -> new NoIp(ref);
            case STRING, BYTEBUF, DYNAMIC -> new NoString(ref);
            default -> new NoLong(ref);
        };
    }

    record NoString(FieldRef field) implements FieldAccessor.OfString {
        @Override
        public String get(EventContext ctx) {
            return null;
        }
    }

    record NoLong(FieldRef field) implements FieldAccessor.OfLong {
        @Override
        public boolean present(EventContext ctx) {
            return false;
        }

        @Override
        public long get(EventContext ctx) {
            return 0;
        }
    }

    record NoDouble(FieldRef field) implements FieldAccessor.OfDouble {
        @Override
        public boolean present(EventContext ctx) {
            return false;
        }

        @Override
        public double get(EventContext ctx) {
            return 0;
        }
    }

    record NoBool(FieldRef field) implements FieldAccessor.OfBool {
        @Override
        public boolean present(EventContext ctx) {
            return false;
        }

        @Override
        public boolean get(EventContext ctx) {
            return false;
        }
    }

    record NoIp(FieldRef field) implements FieldAccessor.OfIp {
        @Override
        public IpAddress get(EventContext ctx) {
            return null;
        }
    }

    record NoStrings(FieldRef field) implements FieldAccessor.OfStrings {
        @Override
        public boolean present(EventContext ctx) {
            return false;
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            out.append("<NA>");
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            return false;
        }
    }

    record NoLongs(FieldRef field) implements FieldAccessor.OfLongs {
        @Override
        public boolean present(EventContext ctx) {
            return false;
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            out.append("<NA>");
        }

        @Override
        public boolean anyMatch(EventContext ctx, LongPredicate test) {
            return false;
        }

        @Override
        public boolean allMatch(EventContext ctx, LongPredicate test) {
            return false;
        }
    }
}
