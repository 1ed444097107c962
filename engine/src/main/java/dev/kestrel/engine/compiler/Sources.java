package dev.kestrel.engine.compiler;

import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.IpAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a comparison's values come from: a field read through its accessor (cached in a frame slot so
 * a field read by many rules is extracted once per event) or a transformer applied to another source.
 * A missing value is null (strings, addresses) or {@code present == false} (numbers, booleans).
 */
final class Sources {
    private Sources() {
    }

    abstract static class Str {
        abstract String get(Frame f);
    }

    abstract static class Num {
        abstract boolean present(Frame f);

        /** Only after {@link #present} returned true for this event. */
        abstract long get(Frame f);
    }

    abstract static class Dbl {
        abstract boolean present(Frame f);

        abstract double get(Frame f);
    }

    abstract static class Bool {
        abstract boolean present(Frame f);

        abstract boolean get(Frame f);
    }

    abstract static class Ip {
        abstract IpAddress get(Frame f);
    }

    static final class StrField extends Str {
        private final FieldAccessor.OfString acc;
        private final int slot;

        StrField(FieldAccessor.OfString acc, int slot) {
            this.acc = acc;
            this.slot = slot;
        }

        @Override
        String get(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return (String) f.objects[slot];
            }
            String v = acc.get(f.ctx);
            f.stamps[slot] = f.seq;
            f.objects[slot] = v;
            return v;
        }
    }

    static final class NumField extends Num {
        private final FieldAccessor.OfLong acc;
        private final int slot;

        NumField(FieldAccessor.OfLong acc, int slot) {
            this.acc = acc;
            this.slot = slot;
        }

        @Override
        boolean present(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return f.bools[slot];
            }
            boolean p = acc.present(f.ctx);
            f.longs[slot] = p ? acc.get(f.ctx) : 0;
            f.bools[slot] = p;
            f.stamps[slot] = f.seq;
            return p;
        }

        @Override
        long get(Frame f) {
            return f.longs[slot];
        }
    }

    static final class DblField extends Dbl {
        private final FieldAccessor.OfDouble acc;
        private final int slot;

        DblField(FieldAccessor.OfDouble acc, int slot) {
            this.acc = acc;
            this.slot = slot;
        }

        @Override
        boolean present(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return f.bools[slot];
            }
            boolean p = acc.present(f.ctx);
            f.longs[slot] = p ? Double.doubleToRawLongBits(acc.get(f.ctx)) : 0;
            f.bools[slot] = p;
            f.stamps[slot] = f.seq;
            return p;
        }

        @Override
        double get(Frame f) {
            return Double.longBitsToDouble(f.longs[slot]);
        }
    }

    static final class BoolField extends Bool {
        private final FieldAccessor.OfBool acc;
        private final int slot;

        BoolField(FieldAccessor.OfBool acc, int slot) {
            this.acc = acc;
            this.slot = slot;
        }

        @Override
        boolean present(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return f.bools[slot];
            }
            boolean p = acc.present(f.ctx);
            f.longs[slot] = p && acc.get(f.ctx) ? 1 : 0;
            f.bools[slot] = p;
            f.stamps[slot] = f.seq;
            return p;
        }

        @Override
        boolean get(Frame f) {
            return f.longs[slot] != 0;
        }
    }

    static final class IpField extends Ip {
        private final FieldAccessor.OfIp acc;
        private final int slot;

        IpField(FieldAccessor.OfIp acc, int slot) {
            this.acc = acc;
            this.slot = slot;
        }

        @Override
        IpAddress get(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return (IpAddress) f.objects[slot];
            }
            IpAddress v = acc.get(f.ctx);
            f.stamps[slot] = f.seq;
            f.objects[slot] = v;
            return v;
        }
    }

    /** {@code tolower}, {@code toupper}, {@code basename} and {@code b64} on a string source. */
    static final class StrTransform extends Str {
        enum Kind { TOLOWER, TOUPPER, BASENAME, B64 }

        private final Kind kind;
        private final Str inner;

        StrTransform(Kind kind, Str inner) {
            this.kind = kind;
            this.inner = inner;
        }

        @Override
        String get(Frame f) {
            String v = inner.get(f);
            if (v == null) {
                return null;
            }
            return switch (kind) {
                case TOLOWER -> asciiCase(v, true);
                case TOUPPER -> asciiCase(v, false);
                case BASENAME -> v.substring(v.lastIndexOf('/') + 1);
                case B64 -> decodeBase64(v);
            };
        }

        static String asciiCase(String v, boolean lower) {
            int i = 0;
            int n = v.length();
            while (i < n && !(lower ? isUpper(v.charAt(i)) : isLower(v.charAt(i)))) {
                i++;
            }
            if (i == n) {
                return v;
            }
            char[] out = v.toCharArray();
            for (; i < n; i++) {
                char c = out[i];
                if (lower && isUpper(c)) {
                    out[i] = (char) (c + 32);
                } else if (!lower && isLower(c)) {
                    out[i] = (char) (c - 32);
                }
            }
            return new String(out);
        }

        private static boolean isUpper(char c) {
            return c >= 'A' && c <= 'Z';
        }

        private static boolean isLower(char c) {
            return c >= 'a' && c <= 'z';
        }

        static String decodeBase64(String v) {
            try {
                return new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null; // not base64: the transformer yields no value
            }
        }
    }

    /** {@code len(x)} of a string: its length in UTF-8 bytes. */
    static final class StrLength extends Num {
        private final Str inner;

        StrLength(Str inner) {
            this.inner = inner;
        }

        @Override
        boolean present(Frame f) {
            return inner.get(f) != null;
        }

        @Override
        long get(Frame f) {
            return utf8Length(inner.get(f));
        }

        static long utf8Length(String s) {
            long n = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    n += 1;
                } else if (c < 0x800) {
                    n += 2;
                } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n += 3;
                }
            }
            return n;
        }
    }

    /** {@code len(listfield)}: the element count of a list-valued field, cached in a frame slot. */
    abstract static class ListCount extends Num {
        private final int slot;

        ListCount(int slot) {
            this.slot = slot;
        }

        /** Whether the list field has a value for this event. */
        abstract boolean listPresent(Frame f);

        /** The number of elements, only after {@link #listPresent} returned true. */
        abstract long count(Frame f);

        @Override
        final boolean present(Frame f) {
            if (f.stamps[slot] == f.seq) {
                return f.bools[slot];
            }
            boolean p = listPresent(f);
            f.longs[slot] = p ? count(f) : 0;
            f.bools[slot] = p;
            f.stamps[slot] = f.seq;
            return p;
        }

        @Override
        final long get(Frame f) {
            return f.longs[slot];
        }
    }

    /** {@code len(listfield)} for list-valued string fields. */
    static final class StringsCount extends ListCount {
        private final FieldAccessor.OfStrings acc;

        StringsCount(FieldAccessor.OfStrings acc, int slot) {
            super(slot);
            this.acc = acc;
        }

        @Override
        boolean listPresent(Frame f) {
            return acc.present(f.ctx);
        }

        @Override
        long count(Frame f) {
            long[] n = {0};
            acc.anyMatch(f.ctx, s -> {
                n[0]++;
                return false;
            });
            return n[0];
        }
    }

    /** {@code len(listfield)} for list-valued number fields. */
    static final class LongsCount extends ListCount {
        private final FieldAccessor.OfLongs acc;

        LongsCount(FieldAccessor.OfLongs acc, int slot) {
            super(slot);
            this.acc = acc;
        }

        @Override
        boolean listPresent(Frame f) {
            return acc.present(f.ctx);
        }

        @Override
        long count(Frame f) {
            long[] n = {0};
            acc.anyMatch(f.ctx, v -> {
                n[0]++;
                return false;
            });
            return n[0];
        }
    }
}
