package dev.kestrel.engine.loader;

import dev.kestrel.engine.loader.Collected.ListDef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles collected lists: an item naming a list defined earlier (by position, before this list's
 * latest definition) is replaced by that list's items, one level deep; items with a blank are
 * double-quoted, ready to be pasted into condition text.
 */
final class ListExpander {

    /** A list ready for substitution: its items already quoted. */
    static final class ExpandedList {
        private final String name;
        private final List<String> items;
        private final Spot spot;
        private Set<String> tokens;

        ExpandedList(String name, List<String> items, Spot spot) {
            this.name = name;
            this.items = List.copyOf(items);
            this.spot = spot;
        }

        String name() {
            return name;
        }

        List<String> items() {
            return items;
        }

        Spot spot() {
            return spot;
        }

        /** The tokens of the items once substituted (computed on first use). */
        Set<String> tokens() {
            if (tokens == null) {
                tokens = ListSubstitution.tokens(String.join(", ", items));
            }
            return tokens;
        }
    }

    private ListExpander() {
    }

    /** Expands every list, in definition order, recording referenced lists in {@code used}. */
    static Map<String, ExpandedList> expand(Map<String, ListDef> lists, Set<String> used) {
        Map<String, ExpandedList> out = new LinkedHashMap<>();
        for (ListDef list : lists.values()) {
            List<String> items = new ArrayList<>();
            for (String item : list.items) {
                ListDef ref = lists.get(item);
                if (ref != null && ref.index < list.visibility) {
                    used.add(ref.name);
                    for (String v : ref.items) {
                        items.add(quote(v));
                    }
                } else {
                    items.add(quote(item));
                }
            }
            out.put(list.name, new ExpandedList(list.name, items, list.spot));
        }
        return out;
    }

    /** Wraps an item containing a blank in double quotes, unless it already starts with a quote. */
    static String quote(String item) {
        if (item.indexOf(' ') >= 0 && !item.startsWith("\"") && !item.startsWith("'")) {
            return "\"" + item + "\"";
        }
        return item;
    }
}
