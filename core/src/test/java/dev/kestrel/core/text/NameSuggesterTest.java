package dev.kestrel.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NameSuggesterTest {

    private static final List<String> FIELDS = List.of("proc.name", "proc.pname", "proc.aname", "fd.name",
            "fd.sip", "container.id", "k8s.ns.name", "spawned_process");

    @Test
    void suggestsTheNearestName() {
        assertThat(NameSuggester.nearest("proc.nme", FIELDS)).contains("proc.name");
        assertThat(NameSuggester.nearest("prco.name", FIELDS)).contains("proc.name");
        assertThat(NameSuggester.nearest("PROC.NAME", FIELDS)).contains("proc.name");
        assertThat(NameSuggester.nearest("spawned_proces", FIELDS)).contains("spawned_process");
        assertThat(NameSuggester.nearest("container.identifier", FIELDS)).contains("container.id");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(NameSuggester.nearest("ka.user.name", FIELDS)).isEmpty();
        assertThat(NameSuggester.nearest("x", FIELDS)).isEmpty();
        assertThat(NameSuggester.nearest("", FIELDS)).isEmpty();
        assertThat(NameSuggester.nearest("proc.name", List.of())).isEmpty();
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertThat(NameSuggester.distance("abcd", "abdc", 10)).isEqualTo(1);
        assertThat(NameSuggester.distance("kitten", "sitting", 10)).isEqualTo(3);
        assertThat(NameSuggester.distance("a", "abcdefgh", 3)).isEqualTo(3);
    }
}
