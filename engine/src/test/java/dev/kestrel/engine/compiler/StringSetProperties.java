package dev.kestrel.engine.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The set behind {@code in (...)} on strings answers as a HashSet does. */
class StringSetProperties {

    @Provide
    Arbitrary<List<String>> strings() {
        // Short strings from a small alphabet, so members, near misses and equal hashes all occur.
        return Arbitraries.strings().withChars("ab/éAa\u00e9").ofMaxLength(4).list().ofMaxSize(60);
    }

    @Property(tries = 1000)
    void membershipIsTheHashSets(@ForAll("strings") List<String> members, @ForAll("strings") List<String> probes) {
        Set<String> reference = new HashSet<>(members);
        StringSet set = new StringSet(members);
        for (String p : probes) {
            assertThat(set.contains(p)).as(p).isEqualTo(reference.contains(p));
            assertThat(set.contains(new String(p))).as("a copy of %s", p).isEqualTo(reference.contains(p));
        }
        for (String m : members) {
            assertThat(set.contains(m)).isTrue();
        }
    }

    @Example
    void stringsWithTheSameHashAreToldApartAndNullIsNoMember() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        StringSet set = new StringSet(List.of("Aa", "/etc/shadow"));
        assertThat(set.contains("Aa")).isTrue();
        assertThat(set.contains("BB")).isFalse();
        assertThat(set.contains("/etc/shadow")).isTrue();
        assertThat(set.contains("/etc/passwd")).isFalse();
        assertThat(set.contains(null)).isFalse();
        assertThat(new StringSet(List.of()).contains("")).isFalse();
    }
}
