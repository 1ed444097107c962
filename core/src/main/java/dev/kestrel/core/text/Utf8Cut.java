package dev.kestrel.core.text;

/**
 * Cuts text to a number of UTF-8 bytes without splitting a character, for the limits that bound
 * strings in bytes (fd names, alert output). Stateless; allocates only when it cuts.
 */
public final class Utf8Cut {

    private Utf8Cut() {
    }

    /** The UTF-8 length of {@code s} in bytes, counting no further than {@code stopAfter}. */
    public static long length(CharSequence s, long stopAfter) {
        long n = 0;
        for (int i = 0, len = s.length(); i < len && n <= stopAfter; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** True if {@code s} is longer than {@code maxBytes} in UTF-8. */
    public static boolean exceeds(CharSequence s, int maxBytes) {
        return s != null && s.length() > maxBytes / 3 && length(s, maxBytes) > maxBytes;
    }

    /**
     * {@code s} itself when it fits in {@code maxBytes} UTF-8 bytes, else its longest prefix that
     * fits followed by nothing: the caller marks the cut its own way.
     */
    public static String cut(String s, int maxBytes) {
        if (!exceeds(s, maxBytes)) {
            return s;
        }
        long n = 0;
        int i = 0;
        int len = s.length();
        while (i < len) {
            char c = s.charAt(i);
            int width;
            int chars = 1;
            if (c < 0x80) {
                width = 1;
            } else if (c < 0x800) {
                width = 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                width = 4;
                chars = 2;
            } else {
                width = 3;
            }
            if (n + width > maxBytes) {
                break;
            }
            n += width;
            i += chars;
        }
        return s.substring(0, i);
    }
}
