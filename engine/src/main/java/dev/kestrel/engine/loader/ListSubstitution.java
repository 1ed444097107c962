package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.ListExpander.ExpandedList;
import java.util.Collection;
import java.util.Set;

/**
 * Falco's textual list substitution, done before a condition is parsed: each occurrence of a list
 * name delimited by the text's ends, blanks, {@code (}, {@code )}, {@code ,} or {@code =} becomes
 * the list's items joined with {@code ", "}; an empty list also takes one neighbouring comma. The
 * substituted characters map back to the list name's place in the condition.
 */
final class ListSubstitution {

    private static final String BLANKS = " \t\n\r";
    private static final String DELIMITERS = BLANKS + "(),=";

    private ListSubstitution() {
    }

    /** Substitutes every list, one after another in definition order; names used go into {@code used}. */
    static MappedText apply(MappedText condition, Collection<ExpandedList> lists, Set<String> used) {
        MappedText current = condition;
        for (ExpandedList list : lists) {
            MappedText next = substitute(current, list);
            if (next != current) {
                used.add(list.name());
                current = next;
            }
        }
        return current;
    }

    /** Returns {@code text} itself when the list does not occur in it. */
    private static MappedText substitute(MappedText text, ExpandedList list) {
        String name = list.name();
        if (name.isEmpty()) {
            return text;
        }
        String sub = String.join(", ", list.items());
        MappedText current = text;
        String s = current.text();
        int start = s.indexOf(name);
        while (start >= 0) {
            int end = start + name.length();
            boolean delimitedBefore = start == 0 || DELIMITERS.indexOf(s.charAt(start - 1)) >= 0;
            boolean delimitedAfter = end >= s.length() || DELIMITERS.indexOf(s.charAt(end)) >= 0;
            if (delimitedBefore && delimitedAfter) {
                Spot at = current.spotAt(start);
                while (start > 0 && BLANKS.indexOf(s.charAt(start - 1)) >= 0) {
                    start--;
                }
                while (end < s.length() && BLANKS.indexOf(s.charAt(end)) >= 0) {
                    end++;
                }
                if (sub.isEmpty()) {
                    if (start > 0 && s.charAt(start - 1) == ',') {
                        start--;
                    } else if (end < s.length() && s.charAt(end) == ',') {
                        end++;
                    }
                }
                MappedText.Builder b = new MappedText.Builder();
                if (start > 0) {
                    b.append(current, 0, start).append(" ", at);
                }
                b.append(sub, at).append(" ", at).append(current, end, s.length());
                current = b.build();
                s = current.text();
                start += sub.length() + 1;
            }
            start = s.indexOf(name, start + 1);
        }
        return current;
    }
}
