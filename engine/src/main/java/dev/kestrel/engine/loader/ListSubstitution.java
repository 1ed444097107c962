package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.ListExpander.ExpandedList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Falco's textual list substitution, done before a condition is parsed: each occurrence of a list
 * name delimited by the text's ends, blanks, {@code (}, {@code )}, {@code ,} or {@code =} becomes
 * the list's items joined with {@code ", "} (with the blanks around the name replaced by one blank
 * on each side); an empty list also takes one neighbouring comma. The substituted characters map
 * back to the list name's place in the condition.
 */
final class ListSubstitution {

    /** The condition grew beyond the limit while lists were substituted. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message, null, false, false);
        }
    }

    private static final String BLANKS = " \t\n\r";
    private static final String DELIMITERS = BLANKS + "(),=";

    private ListSubstitution() {
    }

    /**
     * Substitutes every list, one after another in definition order; names used go into
     * {@code used}. Throws {@link TooLarge} when the text would exceed {@code maxChars}.
     */
    static MappedText apply(MappedText condition, Collection<ExpandedList> lists, Set<String> used, int maxChars) {
        MappedText current = condition;
        // A list name is substituted only where it stands delimited, that is, where it is a whole token:
        // knowing the tokens of the text (its own, plus those of every list substituted into it) lets
        // each pass be skipped without scanning a text that substitutions may have made large.
        List<Set<String>> tokens = new ArrayList<>();
        tokens.add(tokens(condition.text()));
        for (ExpandedList list : lists) {
            if (isToken(list.name()) && !anyContains(tokens, list.name())) {
                continue; // (a name with a delimiter in it, which Falco warns about, is always searched for)
            }
            MappedText next = substitute(current, list, maxChars);
            if (next != current) {
                used.add(list.name());
                current = next;
                tokens.add(list.tokens());
            }
        }
        return current;
    }

    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (DELIMITERS.indexOf(name.charAt(i)) >= 0) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private static boolean anyContains(List<Set<String>> sets, String name) {
        for (Set<String> s : sets) {
            if (s.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** The maximal runs of characters that are not delimiters. */
    static Set<String> tokens(String text) {
        Set<String> out = new HashSet<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean delimiter = i == text.length() || DELIMITERS.indexOf(text.charAt(i)) >= 0;
            if (delimiter) {
                if (start >= 0) {
                    out.add(text.substring(start, i));
                    start = -1;
                }
            } else if (start < 0) {
                start = i;
            }
        }
        return out;
    }

    /*
     * One pass per list, equivalent to Falco's search-and-rebuild loop: the text before the cursor is
     * exactly what the builder holds, so looking back (blanks, a comma to eat) happens on the builder.
     * After a substitution at the very start of the text Falco resumes its search one character
     * later than elsewhere; that is kept.
     */
    private static MappedText substitute(MappedText text, ExpandedList list, int maxChars) {
        String name = list.name();
        String s = text.text();
        int found = name.isEmpty() ? -1 : s.indexOf(name);
        if (found < 0) {
            return text;
        }
        String sub = String.join(", ", list.items());
        MappedText.Builder b = new MappedText.Builder();
        int copied = 0;
        boolean changed = false;
        while (found >= 0) {
            int end = found + name.length();
            int before = found > copied ? s.charAt(found - 1) : b.lastChar();
            boolean delimitedBefore = before < 0 || DELIMITERS.indexOf(before) >= 0;
            boolean delimitedAfter = end >= s.length() || DELIMITERS.indexOf(s.charAt(end)) >= 0;
            if (!(delimitedBefore && delimitedAfter)) {
                found = s.indexOf(name, found + 1);
                continue;
            }
            Spot at = text.spotAt(found);
            b.append(text, copied, found);
            while (b.lastChar() >= 0 && BLANKS.indexOf(b.lastChar()) >= 0) {
                b.deleteLast();
            }
            while (end < s.length() && BLANKS.indexOf(s.charAt(end)) >= 0) {
                end++;
            }
            if (sub.isEmpty()) {
                if (b.lastChar() == ',') {
                    b.deleteLast();
                } else if (end < s.length() && s.charAt(end) == ',') {
                    end++;
                }
            }
            boolean atStart = b.length() == 0;
            if (!atStart) {
                b.append(" ", at);
            }
            b.append(sub, at).append(" ", at);
            if (b.length() + (s.length() - end) > maxChars) {
                throw new TooLarge("the conditions grow beyond the " + maxChars + " characters left of the"
                        + " limit maxRulesExpandedChars once lists are substituted");
            }
            copied = end;
            changed = true;
            found = s.indexOf(name, atStart ? end + 1 : end);
        }
        if (!changed) {
            return text;
        }
        b.append(text, copied, s.length());
        return b.build();
    }
}
