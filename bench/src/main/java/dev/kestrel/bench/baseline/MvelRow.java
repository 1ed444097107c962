package dev.kestrel.bench.baseline;

import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed context object MVEL expressions run against: field values by slot number, read through
 * the same accessors Kestrel uses and cached for the current event (so a field read by several rules
 * is extracted once, as Kestrel does), plus the translator's constants. One row per evaluating thread.
 * Its public methods are the vocabulary of the translated expressions.
 */
public final class MvelRow {
    private static final byte STRING = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte BOOL = 3;
    private static final byte IP = 4;
    private static final byte MULTI = 5;

    private final FieldAccessor[] accessors;
    private final byte[] kinds;
    private final MvelConstants constants;
    private final Object[] objects;
    private final long[] longs;
    private final double[] doubles;
    private final boolean[] present;
    private final int[] stamps;
    private int generation = 1;
    private EventContext ctx;

    MvelRow(List<FieldAccessor> accessors, MvelConstants constants) {
        this.accessors = accessors.toArray(new FieldAccessor[0]);
        this.constants = constants;
        int n = this.accessors.length;
        kinds = new byte[n];
        for (int i = 0; i < n; i++) {
            kinds[i] = kindOf(this.accessors[i]);
        }
        objects = new Object[n];
        longs = new long[n];
        doubles = new double[n];
        present = new boolean[n];
        stamps = new int[n];
    }

    private static byte kindOf(FieldAccessor accessor) {
        if (accessor instanceof FieldAccessor.OfString) {
            return STRING;
        } else if (accessor instanceof FieldAccessor.OfLong) {
            return LONG;
        } else if (accessor instanceof FieldAccessor.OfDouble) {
            return DOUBLE;
        } else if (accessor instanceof FieldAccessor.OfBool) {
            return BOOL;
        } else if (accessor instanceof FieldAccessor.OfIp) {
            return IP;
        }
        return MULTI;
    }

    /** Makes {@code event} the current event; cached values of the previous one are forgotten. */
    public void begin(EventContext event) {
        ctx = event;
        if (++generation == 0) {
            Arrays.fill(stamps, 0);
            generation = 1;
        }
    }

    private void load(int slot) {
        if (stamps[slot] == generation) {
            return;
        }
        stamps[slot] = generation;
        FieldAccessor accessor = accessors[slot];
        switch (kinds[slot]) {
            case STRING -> {
                String v = ((FieldAccessor.OfString) accessor).get(ctx);
                objects[slot] = v;
                present[slot] = v != null;
            }
            case IP -> {
                IpAddress v = ((FieldAccessor.OfIp) accessor).get(ctx);
                objects[slot] = v;
                present[slot] = v != null;
            }
            case LONG -> {
                boolean p = accessor.present(ctx);
                present[slot] = p;
                longs[slot] = p ? ((FieldAccessor.OfLong) accessor).get(ctx) : 0;
            }
            case DOUBLE -> {
                boolean p = accessor.present(ctx);
                present[slot] = p;
                doubles[slot] = p ? ((FieldAccessor.OfDouble) accessor).get(ctx) : 0;
            }
            case BOOL -> {
                boolean p = accessor.present(ctx);
                present[slot] = p;
                longs[slot] = p && ((FieldAccessor.OfBool) accessor).get(ctx) ? 1 : 0;
            }
            default -> present[slot] = accessor.present(ctx);
        }
    }

    /** Whether the field in {@code slot} has a value for the current event. */
    public boolean has(int slot) {
        load(slot);
        return present[slot];
    }

    /** The string value in {@code slot}, or null. */
    public String str(int slot) {
        load(slot);
        return (String) objects[slot];
    }

    /** The integer value in {@code slot} (0 when absent; guard with {@link #has}). */
    public long num(int slot) {
        load(slot);
        return longs[slot];
    }

    /** The double value in {@code slot} (0 when absent). */
    public double dbl(int slot) {
        load(slot);
        return doubles[slot];
    }

    /** The boolean value in {@code slot} (false when absent). */
    public boolean flag(int slot) {
        load(slot);
        return longs[slot] != 0;
    }

    /** The address in {@code slot}, or null. */
    public IpAddress ip(int slot) {
        load(slot);
        return (IpAddress) objects[slot];
    }

    /** Constant string set number {@code k}. */
    public Set<String> set(int k) {
        return constants.sets.get(k);
    }

    /** Constant regex number {@code k}. */
    public Pattern pat(int k) {
        return constants.patterns.get(k);
    }

    /** Constant network number {@code k}. */
    public IpNetwork net(int k) {
        return constants.networks.get(k);
    }

    /** Constant address number {@code k}. */
    public IpAddress addr(int k) {
        return constants.addresses.get(k);
    }

    /** Constant string number {@code k} (literals that are awkward to quote in MVEL). */
    public String lit(int k) {
        return constants.strings.get(k);
    }

    /** Falco's {@code pmatch}: the string in {@code slot} is one of the paths of list {@code k} or below one. */
    public boolean pmatch(int slot, int k) {
        String value = str(slot);
        if (value == null) {
            return false;
        }
        for (String prefix : constants.prefixes.get(k)) {
            if (value.equals(prefix)
                    || (value.startsWith(prefix) && (prefix.endsWith("/") || value.charAt(prefix.length()) == '/'))) {
                return true;
            }
        }
        return false;
    }

    /** Some value of the multi-valued string field in {@code slot} passes test {@code k}. */
    public boolean any(int slot, int k) {
        return ((FieldAccessor.OfStrings) accessors[slot]).anyMatch(ctx, constants.stringTests.get(k));
    }

    /** Every value (at least one) of the multi-valued string field in {@code slot} passes test {@code k}. */
    public boolean all(int slot, int k) {
        return ((FieldAccessor.OfStrings) accessors[slot]).allMatch(ctx, constants.stringTests.get(k));
    }

    /** Some value of the multi-valued integer field in {@code slot} passes test {@code k}. */
    public boolean anyLong(int slot, int k) {
        return ((FieldAccessor.OfLongs) accessors[slot]).anyMatch(ctx, constants.longTests.get(k));
    }

    /** Every value (at least one) of the multi-valued integer field in {@code slot} passes test {@code k}. */
    public boolean allLong(int slot, int k) {
        return ((FieldAccessor.OfLongs) accessors[slot]).allMatch(ctx, constants.longTests.get(k));
    }
}
