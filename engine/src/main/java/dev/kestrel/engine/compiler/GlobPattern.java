package dev.kestrel.engine.compiler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A shell glob compiled once, matched like {@code fnmatch} without path flags: {@code *} matches any
 * run of characters including {@code /}, {@code ?} one character, {@code [...]} and {@code [!...]}
 * (or {@code [^...]}) a set with ranges and {@code [:class:]} names, and a backslash quotes the next
 * character. An unclosed {@code [} is a literal; a trailing backslash never matches. Matching is
 * greedy with single back-off (linear per star), allocation-free, and works on a slice of a string.
 */
final class GlobPattern {

    private static final int ANY = -1;
    private static final int STAR = -2;
    private static final int SET = -3;

    /** Per token: a literal character (>= 0), ANY, STAR or SET. */
    private final int[] kinds;
    /** For SET tokens: the set; null otherwise. */
    private final CharSet[] sets;
    private final boolean foldCase;
    private final boolean impossible;

    private GlobPattern(int[] kinds, CharSet[] sets, boolean foldCase, boolean impossible) {
        this.kinds = kinds;
        this.sets = sets;
        this.foldCase = foldCase;
        this.impossible = impossible;
    }

    static GlobPattern compile(String pattern, boolean foldCase) {
        int n = pattern.length();
        int[] kinds = new int[n];
        CharSet[] sets = new CharSet[n];
        int count = 0;
        boolean impossible = false;
        int i = 0;
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (count == 0 || kinds[count - 1] != STAR) {
                    kinds[count++] = STAR;
                }
                i++;
            } else if (c == '?') {
                kinds[count++] = ANY;
                i++;
            } else if (c == '[') {
                int[] end = new int[1];
                CharSet set = CharSet.parse(pattern, i + 1, foldCase, end);
                if (set == null) {
                    kinds[count++] = fold('[', foldCase);
                    i++;
                } else {
                    kinds[count] = SET;
                    sets[count++] = set;
                    i = end[0];
                }
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    impossible = true;
                    i++;
                } else {
                    kinds[count++] = fold(pattern.charAt(i + 1), foldCase);
                    i += 2;
                }
            } else {
                kinds[count++] = fold(c, foldCase);
                i++;
            }
        }
        return new GlobPattern(Arrays.copyOf(kinds, count), Arrays.copyOf(sets, count),
                foldCase, impossible);
    }

    static char fold(char c, boolean foldCase) {
        return foldCase && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    boolean matches(String s) {
        return matches(s, 0, s.length());
    }

    /** Whether the pattern matches {@code s[from, to)} exactly. */
    boolean matches(String s, int from, int to) {
        if (impossible) {
            return false;
        }
        int p = 0;
        int i = from;
        int starP = -1;
        int starI = -1;
        while (i < to) {
            if (p < kinds.length && kinds[p] != STAR && single(p, s.charAt(i))) {
                p++;
                i++;
            } else if (p < kinds.length && kinds[p] == STAR) {
                starP = p++;
                starI = i;
            } else if (starP >= 0) {
                p = starP + 1;
                i = ++starI;
            } else {
                return false;
            }
        }
        while (p < kinds.length && kinds[p] == STAR) {
            p++;
        }
        return p == kinds.length;
    }

    private boolean single(int p, char c) {
        int k = kinds[p];
        if (k == ANY) {
            return true;
        }
        char x = fold(c, foldCase);
        if (k == SET) {
            return sets[p].contains(x);
        }
        return k == x;
    }

    /** A bracket expression: ranges and classes, possibly negated. */
    private static final class CharSet {
        private final boolean negated;
        private final char[] lows;
        private final char[] highs;
        private final String[] classes;

        private CharSet(boolean negated, char[] lows, char[] highs, String[] classes) {
            this.negated = negated;
            this.lows = lows;
            this.highs = highs;
            this.classes = classes;
        }

        /** Parses after '['; returns null when there is no closing ']' (then '[' is literal). */
        static CharSet parse(String p, int start, boolean foldCase, int[] end) {
            int n = p.length();
            int i = start;
            boolean negated = false;
            if (i < n && (p.charAt(i) == '!' || p.charAt(i) == '^')) {
                negated = true;
                i++;
            }
            StringBuilder lows = new StringBuilder();
            StringBuilder highs = new StringBuilder();
            List<String> classes = new ArrayList<>();
            boolean first = true;
            while (true) {
                if (i >= n) {
                    return null;
                }
                char c = p.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (c == '[' && i + 1 < n && p.charAt(i + 1) == ':') {
                    int close = p.indexOf(":]", i + 2);
                    if (close > 0) {
                        classes.add(p.substring(i + 2, close));
                        i = close + 2;
                        continue;
                    }
                }
                if (c == '\\' && i + 1 < n) {
                    c = p.charAt(++i);
                }
                i++;
                char hi = c;
                if (i + 1 < n && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
                    hi = p.charAt(i + 1);
                    i += 2;
                    if (hi == '\\' && i < n) {
                        hi = p.charAt(i++);
                    }
                }
                addRange(lows, highs, c, hi, foldCase);
            }
            end[0] = i;
            return new CharSet(negated, lows.toString().toCharArray(), highs.toString().toCharArray(),
                    classes.toArray(String[]::new));
        }

        private static void addRange(StringBuilder lows, StringBuilder highs, char lo, char hi, boolean foldCase) {
            lows.append(lo);
            highs.append(hi);
            if (foldCase) {
                // Also accept the folded form of every letter in the range.
                for (char c = lo; c <= hi && c >= lo; c++) {
                    char f = fold(c, true);
                    if (f != c) {
                        lows.append(f);
                        highs.append(f);
                    }
                    if (c == Character.MAX_VALUE) {
                        break;
                    }
                }
            }
        }

        boolean contains(char c) {
            boolean in = false;
            for (int k = 0; k < lows.length && !in; k++) {
                in = c >= lows[k] && c <= highs[k];
            }
            for (int k = 0; k < classes.length && !in; k++) {
                in = inClass(classes[k], c);
            }
            return in != negated;
        }

        private static boolean inClass(String name, char c) {
            return switch (name) {
                case "alpha" -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                case "digit" -> c >= '0' && c <= '9';
                case "alnum" -> inClass("alpha", c) || inClass("digit", c);
                case "upper" -> c >= 'A' && c <= 'Z';
                case "lower" -> c >= 'a' && c <= 'z';
                case "space" -> c == ' ' || (c >= '\t' && c <= '\r');
                case "blank" -> c == ' ' || c == '\t';
                case "punct" -> c > ' ' && c < 127 && !inClass("alnum", c);
                case "xdigit" -> inClass("digit", c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                case "cntrl" -> c < ' ' || c == 127;
                case "print" -> c >= ' ' && c < 127;
                case "graph" -> c > ' ' && c < 127;
                default -> false;
            };
        }
    }
}
