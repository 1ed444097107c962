package dev.kestrel.engine.compiler;

import dev.kestrel.core.condition.ast.Operand;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldBinder;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.core.field.Resolution;
import java.util.HashMap;
import java.util.Map;

/**
 * State shared while one ruleset compiles: every field is resolved and bound once, each single-valued
 * field gets one cached source (one frame slot) that every rule reading it shares, and frame slots are
 * handed out here.
 */
final class CompileSession {
    private final FieldResolver resolver;
    private final FieldBinder binder;
    private final Map<String, FieldAccessor> accessors = new HashMap<>();
    private final Map<String, Object> sources = new HashMap<>();
    private int slots;

    CompileSession(FieldResolver resolver, FieldBinder binder) {
        this.resolver = resolver;
        this.binder = binder;
    }

    int newSlot() {
        return slots++;
    }

    int slotCount() {
        return slots;
    }

    FieldRef resolve(Operand.Field field) {
        Resolution r = resolver.resolve(field);
        if (r == null || !r.found()) {
            throw new CompileProblem(r == null ? "unknown field '" + field.text() + "'" : r.message(),
                    field.position());
        }
        return r.ref();
    }

    FieldAccessor bind(Operand.Field field) {
        return bind(resolve(field), field);
    }

    FieldAccessor bind(FieldRef ref, Operand.Field field) {
        String key = ref.text();
        FieldAccessor acc = accessors.get(key);
        if (acc == null) {
            try {
                acc = binder.bind(ref);
            } catch (FieldBindException e) {
                throw new CompileProblem(e.getMessage(), field.position());
            }
            if (acc == null) {
                throw new CompileProblem("field '" + field.text() + "' cannot be read here", field.position());
            }
            accessors.put(key, acc);
        }
        return acc;
    }

    /**
     * The cached source for a single-valued accessor ({@link Sources}); multi-valued and endpoint
     * accessors are returned as they are.
     */
    Object sourceOf(FieldAccessor acc, String key) {
        Object s = sources.get(key);
        if (s != null) {
            return s;
        }
        if (acc instanceof FieldAccessor.OfString a) {
            s = new Sources.StrField(a, newSlot());
        } else if (acc instanceof FieldAccessor.OfLong a) {
            s = new Sources.NumField(a, newSlot());
        } else if (acc instanceof FieldAccessor.OfDouble a) {
            s = new Sources.DblField(a, newSlot());
        } else if (acc instanceof FieldAccessor.OfBool a) {
            s = new Sources.BoolField(a, newSlot());
        } else if (acc instanceof FieldAccessor.OfIp a) {
            s = new Sources.IpField(a, newSlot());
        } else {
            s = acc;
        }
        sources.put(key, s);
        return s;
    }

    /**
     * A source for one side of an either-endpoint field, keyed by the outer field and the side (the
     * side accessors may report the outer field as their own).
     */
    Object sideSource(FieldAccessor side, String key) {
        Object s = sourceOf(side, key);
        if (s instanceof FieldAccessor.OfEndpoints) {
            throw new IllegalStateException("an endpoint side is itself an endpoint field: " + key);
        }
        return s;
    }
}
