package dev.kestrel.fields;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.core.field.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Binds fields to the values of a field-value test event ({@link FieldValuesContext}): the key of
 * each field is fixed at bind time, a map lookup reads it per access (this is the testing path, not
 * the hot path). Derives what Falco derives: {@code fd.ip}/{@code fd.port}/{@code fd.net}/{@code
 * fd.proto} from the client and server fields, the unindexed ancestor fields from the indexed ones
 * ({@code proc.aname} from {@code proc.aname[1..]} and {@code proc.pname}), {@code proc.aname[0]} and
 * {@code [1]} from {@code proc.name}/{@code proc.pname}, and {@code fd.directory}/{@code fd.filename}
 * from {@code fd.name}.
 */
public final class FieldValueBinder implements FieldBinder {

    /** Indexed ancestor fields and the names of their level-0 and level-1 equivalents. */
    private static final Map<String, String[]> ANCESTORS = Map.of(
            "proc.aname", new String[] {"proc.name", "proc.pname"},
            "proc.aexe", new String[] {"proc.exe", "proc.pexe"},
            "proc.aexepath", new String[] {"proc.exepath", "proc.pexepath"},
            "proc.acmdline", new String[] {"proc.cmdline", "proc.pcmdline"},
            "proc.aargs", new String[] {"proc.args", null},
            "proc.apid", new String[] {"proc.pid", "proc.ppid"});

    private final FieldCatalogue catalogue;

    public FieldValueBinder(FieldCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Problems with the keys of a field-value event: fields the catalogue does not know. */
    public List<String> check(Map<String, Object> fields) {
        List<String> problems = new ArrayList<>();
        for (String key : fields.keySet()) {
            Resolution r = catalogue.resolve(key);
            if (!r.found()) {
                problems.add(r.message());
            }
        }
        return problems;
    }

    @Override
    public FieldAccessor bind(FieldRef ref) {
        FieldDescriptor d = ref.descriptor();
        String key = ref.text();
        String name = d.name();
        switch (name) {
            case "fd.ip", "fd.net" -> {
                return new Accessors.Endpoints(ref, ip(ref, key, "fd.cip"), ip(ref, "fd.sip", null));
            }
            case "fd.port" -> {
                return new Accessors.Endpoints(ref, number(ref, key, "fd.cport"), number(ref, "fd.sport", null));
            }
            case "fd.proto" -> {
                return new Accessors.Endpoints(ref, string(ref, key, "fd.cproto"), string(ref, "fd.sproto", null));
            }
            case "fd.directory" -> {
                return string(ref, key, null, v -> parent(v));
            }
            case "fd.filename" -> {
                return string(ref, key, null, v -> base(v));
            }
            default -> {
            }
        }
        String[] levels = ANCESTORS.get(name);
        if (levels != null) {
            if (ref.argument() == null) {
                return name.equals("proc.apid") ? new FieldValueAncestors.AnyAncestorPid(ref, key, name, levels[1])
                        : new FieldValueAncestors.AnyAncestor(ref, key, name, levels[1]);
            }
            int level = Integer.parseInt(ref.argument());
            String alias = level == 0 ? levels[0] : level == 1 ? levels[1] : null;
            return name.equals("proc.apid") ? number(ref, key, alias) : string(ref, key, alias);
        }
        if (d.has(FieldFlag.LIST)) {
            return new ListValue(ref, key);
        }
        return switch (d.type()) {
            case BOOL -> new BoolValue(ref, key);
            case DOUBLE -> new DoubleValue(ref, key);
            case IPADDR, IPNET -> ip(ref, key, null);
            case DYNAMIC -> name.equals("evt.rawarg") && EventType.isNumericParam(ref.argument())
                    ? number(ref, key, null) : string(ref, key, null);
            case STRING, BYTEBUF -> string(ref, key, null);
            default -> number(ref, key, null);
        };
    }

    private static String parent(Object v) {
        if (!(v instanceof String s) || !s.startsWith("/")) {
            return null;
        }
        int slash = s.lastIndexOf('/');
        return slash == 0 ? "/" : s.substring(0, slash);
    }

    private static String base(Object v) {
        if (!(v instanceof String s) || !s.startsWith("/")) {
            return null;
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** The value of {@code key}, else of {@code alias}. */
    private static Object value(EventContext ctx, String key, String alias) {
        if (!(ctx instanceof FieldValuesContext c)) {
            return null;
        }
        if (c.has(key) || alias == null) {
            return c.value(key);
        }
        return c.value(alias);
    }

    private static FieldAccessor.OfString string(FieldRef ref, String key, String alias) {
        return new ValueString(ref, ctx -> text(value(ctx, key, alias)));
    }

    /** A string derived from {@code fd.name} when the field itself is not given. */
    private static FieldAccessor.OfString string(FieldRef ref, String key, String unused,
                                                 Function<Object, String> derive) {
        return new ValueString(ref, ctx -> {
            if (ctx instanceof FieldValuesContext c && c.has(key)) {
                return text(c.value(key));
            }
            return derive.apply(value(ctx, "fd.name", null));
        });
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder();
            for (Object o : l) {
                if (sb.length() > 0) {
                    sb.append(' ');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return v.toString();
    }

    private static FieldAccessor.OfLong number(FieldRef ref, String key, String alias) {
        return new ValueLong(ref, ctx -> value(ctx, key, alias));
    }

    private static FieldAccessor.OfIp ip(FieldRef ref, String key, String alias) {
        return new ValueIp(ref, ctx -> {
            Object v = value(ctx, key, alias);
            return v instanceof String s ? IpAddress.parse(s) : null;
        });
    }

    static Long toLong(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    record BoolValue(FieldRef field, String key) implements FieldAccessor.OfBool {
        private Boolean value(EventContext ctx) {
            Object v = FieldValueBinder.value(ctx, key, null);
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
                return Boolean.valueOf(s);
            }
            return null;
        }

        @Override
        public boolean present(EventContext ctx) {
            return value(ctx) != null;
        }

        @Override
        public boolean get(EventContext ctx) {
            return Boolean.TRUE.equals(value(ctx));
        }
    }

    record DoubleValue(FieldRef field, String key) implements FieldAccessor.OfDouble {
        private Double value(EventContext ctx) {
            Object v = FieldValueBinder.value(ctx, key, null);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            return null;
        }

        @Override
        public boolean present(EventContext ctx) {
            return value(ctx) != null;
        }

        @Override
        public double get(EventContext ctx) {
            Double d = value(ctx);
            return d == null ? 0 : d;
        }
    }

    /** A list-valued field ({@code fd.types}): an array, or one string. */
    record ListValue(FieldRef field, String key) implements FieldAccessor.OfStrings {
        @Override
        public boolean present(EventContext ctx) {
            return anyMatch(ctx, v -> true);
        }

        @Override
        public void appendText(EventContext ctx, StringBuilder out) {
            Object v = value(ctx, key, null);
            if (v == null) {
                out.append("<NA>");
            } else if (v instanceof List<?> l) {
                out.append('(');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i == 0 ? "" : ",").append(l.get(i));
                }
                out.append(')');
            } else {
                out.append(v);
            }
        }

        @Override
        public boolean anyMatch(EventContext ctx, Predicate<String> test) {
            Object v = value(ctx, key, null);
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o != null && test.test(o.toString())) {
                        return true;
                    }
                }
                return false;
            }
            return v != null && test.test(v.toString());
        }

        @Override
        public boolean allMatch(EventContext ctx, Predicate<String> test) {
            Object v = value(ctx, key, null);
            if (v instanceof List<?> l) {
                if (l.isEmpty()) {
                    return false;
                }
                for (Object o : l) {
                    if (o == null || !test.test(o.toString())) {
                        return false;
                    }
                }
                return true;
            }
            return v != null && test.test(v.toString());
        }
    }

    record ValueString(FieldRef field, Function<EventContext, String> read)
            implements FieldAccessor.OfString {
        @Override
        public String get(EventContext ctx) {
            return read.apply(ctx);
        }
    }

    record ValueLong(FieldRef field, Function<EventContext, Object> read)
            implements FieldAccessor.OfLong {
        @Override
        public boolean present(EventContext ctx) {
            return toLong(read.apply(ctx)) != null;
        }

        @Override
        public long get(EventContext ctx) {
            Long l = toLong(read.apply(ctx));
            return l == null ? 0 : l;
        }
    }

    record ValueIp(FieldRef field, Function<EventContext, IpAddress> read)
            implements FieldAccessor.OfIp {
        @Override
        public IpAddress get(EventContext ctx) {
            return read.apply(ctx);
        }
    }
}
