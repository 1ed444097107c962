package dev.kestrel.engine.output;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** A test double for the field catalogue: fields read their value from a map in the context. */
public final class TestFields implements FieldLookup {

    /** A context holding an event and field values by name; an absent key means "no value". */
    public record Context(Event event, Map<String, Object> values) implements EventContext {
    }

    private final Map<String, FieldType> types;

    public TestFields(Map<String, FieldType> types) {
        this.types = types;
    }

    /** The usual fields of the tests. */
    public static TestFields standard() {
        return new TestFields(Map.ofEntries(
                Map.entry("proc.name", FieldType.STRING),
                Map.entry("proc.cmdline", FieldType.STRING),
                Map.entry("proc.aname", FieldType.STRING),
                Map.entry("proc.pid", FieldType.INT64),
                Map.entry("fd.name", FieldType.STRING),
                Map.entry("fd.cport", FieldType.PORT),
                Map.entry("fd.sip", FieldType.IPADDR),
                Map.entry("fd.types", FieldType.STRING),
                Map.entry("evt.arg.flags", FieldType.STRING),
                Map.entry("evt.is_open_read", FieldType.BOOL),
                Map.entry("evt.time", FieldType.STRING),
                Map.entry("container.id", FieldType.STRING),
                Map.entry("user.name", FieldType.STRING)));
    }

    @Override
    public FieldAccessor find(String text) {
        String name = text.contains("[") ? text.substring(0, text.indexOf('[')) : text;
        FieldType type = types.get(name);
        if (type == null) {
            return null;
        }
        ArgumentForm form = text.contains("[") ? ArgumentForm.INDEX_OPTIONAL : ArgumentForm.NONE;
        String argument = text.contains("[") ? text.substring(text.indexOf('[') + 1, text.length() - 1) : null;
        FieldRef ref = new FieldRef(new FieldDescriptor(name, type, form, Set.of(), name, true), argument);
        if (name.equals("fd.types")) {
            return new FieldAccessor.OfStrings() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public boolean present(EventContext ctx) {
                    return value(ctx, text) != null;
                }

                @Override
                public void appendText(EventContext ctx, StringBuilder out) {
                    Object v = value(ctx, text);
                    out.append(v == null ? "<NA>" : "(" + String.join(",", strings(v)) + ")");
                }

                @Override
                public boolean anyMatch(EventContext ctx, Predicate<String> test) {
                    Object v = value(ctx, text);
                    return v != null && strings(v).stream().anyMatch(test);
                }

                @Override
                public boolean allMatch(EventContext ctx, Predicate<String> test) {
                    Object v = value(ctx, text);
                    return v != null && strings(v).stream().allMatch(test);
                }
            };
        }
        return switch (type) {
            case INT64, PORT -> new FieldAccessor.OfLong() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public boolean present(EventContext ctx) {
                    return value(ctx, text) != null;
                }

                @Override
                public long get(EventContext ctx) {
                    return ((Number) value(ctx, text)).longValue();
                }
            };
            case BOOL -> new FieldAccessor.OfBool() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public boolean present(EventContext ctx) {
                    return value(ctx, text) != null;
                }

                @Override
                public boolean get(EventContext ctx) {
                    return (Boolean) value(ctx, text);
                }
            };
            case IPADDR -> new FieldAccessor.OfIp() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public IpAddress get(EventContext ctx) {
                    Object v = value(ctx, text);
                    return v == null ? null : IpAddress.parse((String) v);
                }
            };
            default -> new FieldAccessor.OfString() {
                @Override
                public FieldRef field() {
                    return ref;
                }

                @Override
                public String get(EventContext ctx) {
                    Object v = value(ctx, text);
                    return v == null ? null : v.toString();
                }
            };
        };
    }

    private static Object value(EventContext ctx, String key) {
        return ((Context) ctx).values().get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }

}
