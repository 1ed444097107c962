package dev.kestrel.bench.baseline;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Accessors over a map of field values, so the translator can be tested before any state exists. */
final class MapFields {

    /** An event that is just field values; a missing key or a null value means no value. */
    record Values(Map<String, Object> map) implements EventContext {
        @Override
        public Event event() {
            return null;
        }

        Object get(String key) {
            return map.get(key);
        }
    }

    private MapFields() {
    }

    static FieldAccessor resolve(Operand.Field field) {
        String text = field.text();
        return switch (field.name()) {
            case "fd.num", "fd.lport", "fd.sport", "proc.pid", "evt.rawres" -> ofLong(text, FieldType.INT64);
            case "container.privileged" -> ofBool(text);
            case "fd.sip", "fd.cip" -> ofIp(text, FieldType.IPADDR);
            case "fd.snet", "fd.cnet" -> ofIp(text, FieldType.IPNET);
            case "fd.ip" -> endpoints(text, ofIp("fd.cip", FieldType.IPADDR), ofIp("fd.sip", FieldType.IPADDR));
            case "fd.net" -> endpoints(text, ofIp("fd.cip", FieldType.IPNET), ofIp("fd.sip", FieldType.IPNET));
            case "fd.port" -> endpoints(text, ofLong("fd.cport", FieldType.PORT), ofLong("fd.sport", FieldType.PORT));
            case "fd.types" -> ofStrings(text, true);
            case "proc.aname" -> field.argument() == null ? ofStrings(text, false) : ofString(text);
            default -> ofString(text);
        };
    }

    static FieldRef ref(String text, FieldType type, FieldFlag... flags) {
        EnumSet<FieldFlag> set = EnumSet.noneOf(FieldFlag.class);
        set.addAll(List.of(flags));
        return new FieldRef(new FieldDescriptor(text, type, ArgumentForm.NONE, set, "test field", true), null);
    }

    /** A string field: the value under {@code key}. */
    private record StringField(FieldRef field, String key) implements FieldAccessor.OfString {
        @Override
        public String get(EventContext ctx) {
            return (String) ((Values) ctx).get(key);
        }
    }

    /** An integer-like field: the number under {@code key}. */
    private record LongField(FieldRef field, String key) implements FieldAccessor.OfLong {
        @Override
        public boolean present(EventContext ctx) {
            return ((Values) ctx).get(key) != null;
        }

        @Override
        public long get(EventContext ctx) {
            return ((Number) ((Values) ctx).get(key)).longValue();
        }
    }

    /** A boolean field: the Boolean under {@code key}. */
    private record BoolField(FieldRef field, String key) implements FieldAccessor.OfBool {
        @Override
        public boolean present(EventContext ctx) {
            return ((Values) ctx).get(key) != null;
        }

        @Override
        public boolean get(EventContext ctx) {
            return (Boolean) ((Values) ctx).get(key);
        }
    }

    /** An address field: the text under {@code key}, parsed. */
    private record IpField(FieldRef field, String key) implements FieldAccessor.OfIp {
        @Override
        public IpAddress get(EventContext ctx) {
            Object v = ((Values) ctx).get(key);
            return v == null ? null : IpAddress.parse((String) v);
        }
    }

    static FieldAccessor.OfString ofString(String key) {
        return new StringField(ref(key, FieldType.STRING), key);
    }

    static FieldAccessor.OfLong ofLong(String key, FieldType type) {
        return new LongField(ref(key, type), key);
    }

    static FieldAccessor.OfBool ofBool(String key) {
        return new BoolField(ref(key, FieldType.BOOL), key);
    }

    static FieldAccessor.OfIp ofIp(String key, FieldType type) {
        return new IpField(ref(key, type), key);
    }

    static FieldAccessor.OfEndpoints endpoints(String key, FieldAccessor client, FieldAccessor server) {
        FieldRef ref = ref(key, client.field().descriptor().type(), FieldFlag.NO_RHS);
        return new FieldAccessor.OfEndpoints() {
            @Override
            public FieldRef field() {
                return ref;
            }

            @Override
            public FieldAccessor client() {
                return client;
            }

            @Override
            public FieldAccessor server() {
                return server;
            }

            @Override
            public boolean present(EventContext ctx) {
                return client.present(ctx) || server.present(ctx);
            }

            @Override
            public void appendText(EventContext ctx, StringBuilder out) {
                client.appendText(ctx, out);
            }
        };
    }

    @SuppressWarnings("unchecked")
    static FieldAccessor.OfStrings ofStrings(String key, boolean list) {
        FieldRef ref = list ? ref(key, FieldType.STRING, FieldFlag.LIST) : ref(key, FieldType.STRING);
        return new FieldAccessor.OfStrings() {
            @Override
            public FieldRef field() {
                return ref;
            }

            private List<String> values(EventContext ctx) {
                Object v = ((Values) ctx).get(key);
                return v == null ? List.of() : (List<String>) v;
            }

            @Override
            public boolean present(EventContext ctx) {
                return !values(ctx).isEmpty();
            }

            @Override
            public void appendText(EventContext ctx, StringBuilder out) {
                out.append(String.join(" ", values(ctx)));
            }

            @Override
            public boolean anyMatch(EventContext ctx, Predicate<String> test) {
                return values(ctx).stream().anyMatch(test);
            }

            @Override
            public boolean allMatch(EventContext ctx, Predicate<String> test) {
                List<String> v = values(ctx);
                return !v.isEmpty() && v.stream().allMatch(test);
            }
        };
    }

}
