package dev.kestrel.engine.compiler;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.ArgumentForm;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldCatalogue;
import dev.kestrel.core.field.FieldClass;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.FieldFlag;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.FieldType;
import dev.kestrel.core.field.IpAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * A small field catalogue for compiler tests, one field per kind of value, read from a {@link MapEvent}.
 * Value shapes in the map: strings as String; integers as Long (already in the field's width);
 * doubles as Double; bools as Boolean; addresses as their text; ancestor and list fields as a List;
 * endpoint fields as a two-element List [client, server] (absent key = not a socket).
 */
final class TestFields {

    enum Shape { SINGLE, ANCESTORS, LIST, ENDPOINTS }

    record Spec(String name, FieldType type, Shape shape) {
    }

    static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        add("evt.type", FieldType.STRING, Shape.SINGLE);
        add("t.str", FieldType.STRING, Shape.SINGLE);
        add("t.str2", FieldType.STRING, Shape.SINGLE);
        add("t.buf", FieldType.BYTEBUF, Shape.SINGLE);
        add("t.u8", FieldType.UINT8, Shape.SINGLE);
        add("t.i16", FieldType.INT16, Shape.SINGLE);
        add("t.i64", FieldType.INT64, Shape.SINGLE);
        add("t.i64b", FieldType.INT64, Shape.SINGLE);
        add("t.u64", FieldType.UINT64, Shape.SINGLE);
        add("t.port", FieldType.PORT, Shape.SINGLE);
        add("t.dbl", FieldType.DOUBLE, Shape.SINGLE);
        add("t.bool", FieldType.BOOL, Shape.SINGLE);
        add("t.ip", FieldType.IPADDR, Shape.SINGLE);
        add("t.net", FieldType.IPNET, Shape.SINGLE);
        add("t.anc", FieldType.STRING, Shape.ANCESTORS);
        add("t.apid", FieldType.INT64, Shape.ANCESTORS);
        add("t.list", FieldType.STRING, Shape.LIST);
        add("t.lnum", FieldType.UINT64, Shape.LIST);
        add("t.eip", FieldType.IPADDR, Shape.ENDPOINTS);
        add("t.enet", FieldType.IPNET, Shape.ENDPOINTS);
        add("t.eport", FieldType.PORT, Shape.ENDPOINTS);
        add("t.eproto", FieldType.STRING, Shape.ENDPOINTS);
    }

    private static void add(String name, FieldType type, Shape shape) {
        SPECS.put(name, new Spec(name, type, shape));
    }

    static FieldDescriptor descriptor(Spec s) {
        Set<FieldFlag> flags = switch (s.shape()) {
            case SINGLE -> Set.of();
            case ANCESTORS -> Set.of(FieldFlag.NO_RHS, FieldFlag.NO_TRANSFORMER);
            case LIST -> Set.of(FieldFlag.LIST, FieldFlag.NO_RHS);
            case ENDPOINTS -> Set.of(FieldFlag.NO_RHS, FieldFlag.FILTER_ONLY);
        };
        return new FieldDescriptor(s.name(), s.type(), ArgumentForm.NONE, flags, "test field " + s.name(), true);
    }

    static FieldCatalogue catalogue() {
        List<FieldDescriptor> ds = SPECS.values().stream().map(TestFields::descriptor).toList();
        FieldClass c = new FieldClass() {
            @Override
            public String name() {
                return "t";
            }

            @Override
            public List<FieldDescriptor> fields() {
                return ds;
            }

            @Override
            public FieldAccessor bind(FieldRef ref) throws FieldBindException {
                return TestFields.bind(ref);
            }
        };
        return FieldCatalogue.of(List.of(c));
    }

    static FieldBinder binder() {
        return TestFields::bind;
    }

    static RuleCompiler compiler() {
        return new RuleCompiler(catalogue(), binder());
    }

    static Map<String, Object> values(EventContext ctx) {
        return ((MapEvent) ctx).values;
    }

    static FieldAccessor bind(FieldRef ref) throws FieldBindException {
        Spec s = SPECS.get(ref.descriptor().name());
        if (s == null) {
            throw new FieldBindException("no test field " + ref.text());
        }
        String key = s.name();
        return switch (s.shape()) {
            case SINGLE -> single(ref, s.type(), ctx -> values(ctx).get(key));
            case ANCESTORS, LIST -> s.type() == FieldType.STRING ? strings(ref, key) : longs(ref, key);
            case ENDPOINTS -> endpoints(ref, s, key);
        };
    }

    private static FieldAccessor single(FieldRef ref, FieldType type,
            Function<EventContext, Object> read) {
        return switch (type) {
            case STRING, BYTEBUF -> new FieldAccessor.OfString() {
                public FieldRef field() {
                    return ref;
                }

                public String get(EventContext ctx) {
                    return (String) read.apply(ctx);
                }
            };
            case DOUBLE -> new FieldAccessor.OfDouble() {
                public FieldRef field() {
                    return ref;
                }

                public boolean present(EventContext ctx) {
                    return read.apply(ctx) != null;
                }

                public double get(EventContext ctx) {
                    return (Double) read.apply(ctx);
                }
            };
            case BOOL -> new FieldAccessor.OfBool() {
                public FieldRef field() {
                    return ref;
                }

                public boolean present(EventContext ctx) {
                    return read.apply(ctx) != null;
                }

                public boolean get(EventContext ctx) {
                    return (Boolean) read.apply(ctx);
                }
            };
            case IPADDR, IPNET -> new FieldAccessor.OfIp() {
                public FieldRef field() {
                    return ref;
                }

                public IpAddress get(EventContext ctx) {
                    Object v = read.apply(ctx);
                    return v == null ? null : IpAddress.parse((String) v);
                }
            };
            default -> new FieldAccessor.OfLong() {
                public FieldRef field() {
                    return ref;
                }

                public boolean present(EventContext ctx) {
                    return read.apply(ctx) != null;
                }

                public long get(EventContext ctx) {
                    return (Long) read.apply(ctx);
                }
            };
        };
    }

    @SuppressWarnings("unchecked")
    private static FieldAccessor strings(FieldRef ref, String key) {
        return new FieldAccessor.OfStrings() {
            public FieldRef field() {
                return ref;
            }

            public boolean present(EventContext ctx) {
                return values(ctx).get(key) != null;
            }

            public void appendText(EventContext ctx, StringBuilder out) {
                out.append(values(ctx).get(key));
            }

            public boolean anyMatch(EventContext ctx, Predicate<String> test) {
                List<String> l = (List<String>) values(ctx).get(key);
                return l != null && l.stream().anyMatch(test);
            }

            public boolean allMatch(EventContext ctx, Predicate<String> test) {
                List<String> l = (List<String>) values(ctx).get(key);
                return l != null && !l.isEmpty() && l.stream().allMatch(test);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static FieldAccessor longs(FieldRef ref, String key) {
        return new FieldAccessor.OfLongs() {
            public FieldRef field() {
                return ref;
            }

            public boolean present(EventContext ctx) {
                return values(ctx).get(key) != null;
            }

            public void appendText(EventContext ctx, StringBuilder out) {
                out.append(values(ctx).get(key));
            }

            public boolean anyMatch(EventContext ctx, LongPredicate test) {
                List<Long> l = (List<Long>) values(ctx).get(key);
                return l != null && l.stream().anyMatch(test::test);
            }

            public boolean allMatch(EventContext ctx, LongPredicate test) {
                List<Long> l = (List<Long>) values(ctx).get(key);
                return l != null && !l.isEmpty() && l.stream().allMatch(test::test);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static FieldAccessor endpoints(FieldRef ref, Spec s, String key) {
        FieldRef clientRef = new FieldRef(descriptor(new Spec(key + ".client", s.type(), Shape.SINGLE)), null);
        FieldRef serverRef = new FieldRef(descriptor(new Spec(key + ".server", s.type(), Shape.SINGLE)), null);
        FieldAccessor client = single(clientRef, s.type(), ctx -> side(ctx, key, 0));
        FieldAccessor server = single(serverRef, s.type(), ctx -> side(ctx, key, 1));
        return new FieldAccessor.OfEndpoints() {
            public FieldRef field() {
                return ref;
            }

            public boolean present(EventContext ctx) {
                return values(ctx).get(key) != null;
            }

            public void appendText(EventContext ctx, StringBuilder out) {
                out.append(values(ctx).get(key));
            }

            public FieldAccessor client() {
                return client;
            }

            public FieldAccessor server() {
                return server;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Object side(EventContext ctx, String key, int i) {
        List<Object> l = (List<Object>) values(ctx).get(key);
        return l == null ? null : l.get(i);
    }
}
