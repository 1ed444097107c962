package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The glob matcher against a simple reference formulation (a regex translation). */
class PatternMatchingProperties {

    @Provide
    Arbitrary<String> globs() {
        return Arbitraries.strings().withChars("ab/*?[]!-\\").ofMaxLength(7);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab/*?[]-\\A").ofMaxLength(8);
    }

    @Property(tries = 500)
    void globAgreesWithARegexTranslation(@ForAll("globs") String glob, @ForAll("texts") String text) {
        // The reference translation only handles well-formed brackets without escapes or ranges inside.
        net.jqwik.api.Assume.that(!glob.matches(".*\\[[^\\]]*[\\\\\\-\\[].*") && !glob.contains("[]")
                && !glob.contains("[!]") && !glob.contains("[^]"));
        net.jqwik.api.Assume.that(glob.indexOf('[') < 0 || glob.indexOf(']', glob.indexOf('[') + 2) > 0
                || glob.indexOf(']', glob.indexOf('[')) < 0);
        boolean expected = ReferenceEvaluator.globRegex(glob, false).matcher(text).matches();
        assertThat(GlobPattern.compile(glob, false).matches(text)).as("%s glob %s", text, glob).isEqualTo(expected);
    }
}
