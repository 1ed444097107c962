package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** fnmatch corner cases of the glob matcher, and Falco's own examples for pmatch's prefix search. */
class PatternMatchingTest {

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
