package dev.kestrel.engine.typing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.re2j.Pattern;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code regex} runs on RE2 (re2j): matching time grows linearly with the input, so patterns that make
 * a backtracking engine take exponential time ({@code (a*)*b}, {@code (a|aa)+c}, nested counted
 * repetition) finish at once on long inputs. The bound is only a guard against hangs, not a timing
 * claim. Also: what RE2's POSIX mode refuses, Kestrel refuses.
 */
class RegexLinearityProperties {

    @Provide
    Arbitrary<String> catastrophicPatterns() {
        Arbitrary<String> atom = Arbitraries.of("a", "a?", "a*", "(a|aa)", "(a|a?)", "[ab]", "(a*)*", "(a+)+");
        Arbitrary<String> group = atom.list().ofMinSize(1).ofMaxSize(4).map(parts -> "(" + String.join("", parts) + ")");
        return Combinators.combine(group, Arbitraries.of("*", "+", "{1,20}", "{0,30}"), group,
                Arbitraries.of("b", "c", "$", "x*y")).as((g1, q, g2, end) -> g1 + q + g2 + q + end);
    }

    @Property(tries = 40)
    void matchingAnyPatternIsLinearInTheInput(@ForAll("catastrophicPatterns") String pattern) {
        Pattern compiled = RegexPatterns.compile(pattern);
        String input = "a".repeat(30_000) + "!";
        // no pattern can match the final "!"; a backtracking engine would need ages to find that out
        boolean matched = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> compiled.matches(input));
        assertThat(matched).isFalse();
    }

    @Example
    void theClassicCatastrophicPatternIsAnsweredOnALongInput() {
        Pattern compiled = RegexPatterns.compile("(a*)*b");
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> compiled.matches("a".repeat(100_000)))).isFalse();
        assertThat(compiled.matches("aaab")).isTrue();
    }

    @Example
    void whatRe2PosixRefusesIsRefused() {
        for (String perl : new String[] {"\\d+", "a\\w", "\\bword", "\\s", "(?i)abc", "(?:ab)", "a*?", "a+?",
            "\\pL", "(a)\\1", "a{2}?"}) {
            assertThatThrownBy(() -> RegexPatterns.compile(perl)).as(perl)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a valid regular expression");
        }
        for (String posix : new String[] {"[[:alpha:]]+", "[\\d]", "a{2,3}", "(a|b)*c", "[]a]", "[^]a]", "\\.", "x?y"}) {
            if (!posix.equals("[\\d]")) {
                assertThat(RegexPatterns.problem(posix)).as(posix).isNull();
            }
        }
        assertThat(RegexPatterns.problem("[\\d]")).contains("invalid escape sequence: \\d");
    }
}
