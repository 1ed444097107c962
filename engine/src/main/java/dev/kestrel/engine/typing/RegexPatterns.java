package dev.kestrel.engine.typing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles the right-hand side of {@code regex} the way Falco does: RE2 in POSIX mode, matched against
 * the whole value. RE2 runs in time linear in the input and has no backreferences or lookaround; POSIX
 * mode also refuses Perl's shorthand classes ({@code \d}, {@code \w}, {@code \s}), word boundaries,
 * Unicode classes, non-greedy repetition and {@code (?...)} groups. Stateless and thread-safe.
 */
public final class RegexPatterns {

    private RegexPatterns() {
    }

    /**
     * The compiled pattern; throws {@link IllegalArgumentException} with a sentence naming the first
     * problem when RE2 in POSIX mode would refuse {@code text}.
     */
    public static Pattern compile(String text) {
        String posix = posixProblem(text);
        if (posix != null) {
            throw invalid(text, posix);
        }
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw invalid(text, e.getDescription());
        }
    }

    /** Null when {@code text} compiles, else the sentence {@link #compile} would throw. */
    public static String problem(String text) {
        try {
            compile(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static IllegalArgumentException invalid(String text, String reason) {
        return new IllegalArgumentException("'" + text + "' is not a valid regular expression: " + reason);
    }

    /** The first construct RE2 accepts only in its Perl mode, or null. */
    static String posixProblem(String text) {
        boolean inClass = false;
        boolean afterRepeat = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char e = text.charAt(i + 1);
                if ("dDsSwWbBpPAzCQE".indexOf(e) >= 0) {
                    return "invalid escape sequence: \\" + e;
                }
                i++;
                afterRepeat = false;
                continue;
            }
            if (inClass) {
                if (c == '[' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                    int end = text.indexOf(":]", i + 2);
                    if (end > 0) {
                        i = end + 1;
                    }
                } else if (c == ']') {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                // a ']' right after '[' or '[^' is a literal member of the class
                if (i + 1 < text.length() && text.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < text.length() && text.charAt(i + 1) == ']') {
                    i++;
                }
                afterRepeat = false;
                continue;
            }
            if (c == '(' && i + 1 < text.length() && text.charAt(i + 1) == '?') {
                return "missing argument to repetition operator: ?";
            }
            boolean repeat = c == '*' || c == '+' || c == '?' || (c == '}' && closesCount(text, i));
            if (repeat && afterRepeat && c == '?') {
                return "bad repetition operator: " + text.charAt(i - 1) + "?";
            }
            afterRepeat = repeat;
        }
        return null;
    }

    /** Whether the '}' at {@code end} closes a counted repetition such as {@code {2,3}}. */
    private static boolean closesCount(String text, int end) {
        int open = text.lastIndexOf('{', end);
        if (open < 0) {
            return false;
        }
        String inside = text.substring(open + 1, end);
        return inside.matches("\\d+(,\\d*)?");
    }
}
