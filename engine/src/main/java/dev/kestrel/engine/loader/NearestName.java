package dev.kestrel.engine.loader;

import dev.kestrel.core.text.NameSuggester;
import java.util.Collection;

/** The known name closest to a misspelt one, for "did you mean" hints (macros, lists, fields). */
final class NearestName {

    private NearestName() {
    }

    /** The closest candidate, or null when none is close enough. */
    static String suggest(String wrong, Collection<String> candidates) {
        return NameSuggester.nearest(wrong, candidates).orElse(null);
    }
}
