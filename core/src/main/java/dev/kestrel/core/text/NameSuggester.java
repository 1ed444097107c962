package dev.kestrel.core.text;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name nearest to a misspelled one, for "did you mean ...?" hints on fields, macros
 * and lists. Distance is the optimal-string-alignment edit distance (insertions, deletions,
 * substitutions and swaps of neighbours), case-insensitive; a candidate that extends the input or is
 * extended by it is also accepted.
 */
public final class NameSuggester {

    private NameSuggester() {
    }

    /**
     * The candidate nearest to {@code input}, or empty when none is close enough to be a plausible
     * intent. Ties go to the candidate sharing the longest prefix, then to the alphabetically first.
     */
    public static Optional<String> nearest(String input, Collection<String> candidates) {
        if (input == null || input.isEmpty() || candidates.isEmpty()) {
            return Optional.empty();
        }
        String lower = input.toLowerCase(Locale.ROOT);
        int limit = threshold(lower.length());
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        int bestPrefix = -1;
        for (String candidate : candidates) {
            if (candidate.equals(input)) {
                continue;
            }
            String c = candidate.toLowerCase(Locale.ROOT);
            int score = distance(lower, c, limit + 1);
            if (score > limit && isPrefixExtension(lower, c)) {
                score = limit;
            }
            if (score > limit) {
                continue;
            }
            int prefix = commonPrefix(lower, c);
            if (score < bestScore
                    || (score == bestScore && prefix > bestPrefix)
                    || (score == bestScore && prefix == bestPrefix && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestScore = score;
                bestPrefix = prefix;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The edit distance between {@code a} and {@code b}, or {@code cap} when it is at least {@code cap}. */
    public static int distance(String a, String b, int cap) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) >= cap) {
            return cap;
        }
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin >= cap) {
                return cap;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[m], cap);
    }

    private static int threshold(int length) {
        return Math.max(1, Math.min(4, (length + 2) / 4));
    }

    /** "proc.anam" for "proc.aname", or "proc.name.x" for "proc.name": the shorter one is a prefix of at least 4 characters. */
    private static boolean isPrefixExtension(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        return shorter.length() >= 4 && longer.length() - shorter.length() <= 8 && longer.startsWith(shorter);
    }

    private static int commonPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }
}
