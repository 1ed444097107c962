package dev.kestrel.engine.loader;

import java.util.Collection;

/** Finds the known name closest to a misspelt one (edit distance), for "did you mean" hints. */
final class NearestName {

    private NearestName() {
    }

    /** The closest candidate within a distance of about a third of the name's length, or null. */
    static String suggest(String wrong, Collection<String> candidates) {
        int limit = Math.max(1, Math.min(3, wrong.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - wrong.length()) > limit) {
                continue;
            }
            int d = distance(wrong, c, limit);
            if (d <= limit && (d < bestDistance || (d == bestDistance && c.compareTo(best) < 0))) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, cut short once every entry of a row exceeds {@code limit}. */
    private static int distance(String a, String b, int limit) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > limit) {
                return rowMin;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
