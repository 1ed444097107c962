package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The glob matcher and the pmatch trie against simple reference formulations, plus Falco's examples. */
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

    @Test
    void globExamples() {
        assertThat(GlobPattern.compile("*", false).matches("/a/b")).isTrue();
        assertThat(GlobPattern.compile("/a/*", false).matches("/a/b/c")).isTrue();
        assertThat(GlobPattern.compile("[]a]", false).matches("]")).isTrue();
        assertThat(GlobPattern.compile("[!]a]", false).matches("b")).isTrue();
        assertThat(GlobPattern.compile("[a-c]x", false).matches("bx")).isTrue();
        assertThat(GlobPattern.compile("[", false).matches("[")).isTrue();
        assertThat(GlobPattern.compile("a\\", false).matches("a\\")).isFalse();
        assertThat(GlobPattern.compile("\\*", false).matches("*")).isTrue();
        assertThat(GlobPattern.compile("\\*", false).matches("a")).isFalse();
        assertThat(GlobPattern.compile("[[:digit:]]*", false).matches("7up")).isTrue();
        assertThat(GlobPattern.compile("*.LOG", true).matches("x.log")).isTrue();
        assertThat(GlobPattern.compile("[A-C]", true).matches("b")).isTrue();
    }

    @Test
    void pmatchFollowsFalcosPrefixSearch() {
        PathPrefixTrie t = PathPrefixTrie.of(List.of("/var/run", "/etc", "/lib", "/usr/lib"));
        assertThat(t.matches("/var/run/docker")).isTrue();
        assertThat(t.matches("/boot")).isFalse();
        assertThat(t.matches("/var/lib/messages")).isFalse();
        assertThat(t.matches("/var")).isFalse();
        assertThat(t.matches("/etc")).isTrue();
        assertThat(t.matches("/etc2")).isFalse();
        assertThat(t.matches("//etc//passwd")).isTrue();
        PathPrefixTrie g = PathPrefixTrie.of(List.of("/opt/*/subdir", "/usr", "/usr/lib"));
        assertThat(g.matches("/opt/x/subdir/file")).isTrue();
        assertThat(g.matches("/opt/x/other")).isFalse();
        assertThat(g.matches("/usr/bin")).isTrue();
        assertThat(PathPrefixTrie.of(List.of("/")).matches("/anything")).isTrue();
        assertThat(PathPrefixTrie.of(List.of()).matches("/anything")).isFalse();
    }
}
