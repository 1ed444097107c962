package dev.kestrel.engine.compiler;

import com.google.re2j.Pattern;
import dev.kestrel.core.condition.ast.Modifier;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One string operator with its right-hand literal, compiled once: equality, substring, prefix and
 * suffix, ASCII case-insensitive substring, glob, regex (whole value), hash-set membership, path-prefix
 * and byte-order comparisons. Each is a tiny final class so the check itself has no branching on the
 * operator. They are {@link Predicate}s so multi-valued fields can test them element by element.
 */
final class StringMatchers {
    private StringMatchers() {
    }

    abstract static class Matcher implements Predicate<String> {
        @Override
        public abstract boolean test(String s);
    }

    static final class Equals extends Matcher {
        private final String value;

        Equals(String value) {
            this.value = value;
        }

        @Override
        public boolean test(String s) {
            return value.equals(s);
        }
    }

    static final class NotEquals extends Matcher {
        private final String value;

        NotEquals(String value) {
            this.value = value;
        }

        @Override
        public boolean test(String s) {
            return !value.equals(s);
        }
    }

    static final class InSet extends Matcher {
        private final StringSet values;

        InSet(Set<String> values) {
            this.values = new StringSet(values);
        }

        @Override
        public boolean test(String s) {
            return values.contains(s);
        }
    }

    static final class Contains extends Matcher {
        private final String value;

        Contains(String value) {
            this.value = value;
        }

        @Override
        public boolean test(String s) {
            return s.contains(value);
        }
    }

    /** ASCII case-insensitive substring, like {@code strcasestr}. */
    static final class IContains extends Matcher {
        private final String lower;

        IContains(String value) {
            this.lower = Sources.StrTransform.asciiCase(value, true);
        }

        @Override
        public boolean test(String s) {
            int n = lower.length();
            int last = s.length() - n;
            outer:
            for (int i = 0; i <= last; i++) {
                for (int k = 0; k < n; k++) {
                    if (GlobPattern.fold(s.charAt(i + k), true) != lower.charAt(k)) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        }
    }

    static final class StartsWith extends Matcher {
        private final String value;

        StartsWith(String value) {
            this.value = value;
        }

        @Override
        public boolean test(String s) {
            return s.startsWith(value);
        }
    }

    static final class EndsWith extends Matcher {
        private final String value;

        EndsWith(String value) {
            this.value = value;
        }

        @Override
        public boolean test(String s) {
            return s.endsWith(value);
        }
    }

    static final class Glob extends Matcher {
        private final GlobPattern pattern;

        Glob(GlobPattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean test(String s) {
            return pattern.matches(s);
        }
    }

    /** Whole-value regex match; used for multi-valued fields (the direct check reuses a matcher). */
    static final class Regex extends Matcher {
        final Pattern pattern;

        Regex(Pattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public boolean test(String s) {
            return pattern.matcher(s).matches();
        }
    }

    static final class PathPrefix extends Matcher {
        private final PathPrefixTrie trie;

        PathPrefix(PathPrefixTrie trie) {
            this.trie = trie;
        }

        @Override
        public boolean test(String s) {
            return trie.matches(s);
        }
    }

    /** {@code < <= > >=} on strings: byte order like {@code strcmp} (char order, same for ASCII). */
    static final class Order extends Matcher {
        private final String value;
        private final int sign;
        private final boolean orEqual;

        Order(String value, int sign, boolean orEqual) {
            this.value = value;
            this.sign = sign;
            this.orEqual = orEqual;
        }

        @Override
        public boolean test(String s) {
            int c = Integer.signum(s.compareTo(value));
            return c == sign || (orEqual && c == 0);
        }
    }

    /** {@code op oneof|anyof|allof (list)}: exactly one / at least one / every element test holds. */
    static final class Modified extends Matcher {
        private final Matcher[] parts;
        private final Modifier modifier;

        Modified(Matcher[] parts, Modifier modifier) {
            this.parts = parts;
            this.modifier = modifier;
        }

        @Override
        public boolean test(String s) {
            int hits = 0;
            for (Matcher m : parts) {
                if (m.test(s)) {
                    hits++;
                }
            }
            return switch (modifier) {
                case ONEOF -> hits == 1;
                case ANYOF -> hits > 0;
                case ALLOF -> parts.length > 0 && hits == parts.length;
            };
        }
    }
}
