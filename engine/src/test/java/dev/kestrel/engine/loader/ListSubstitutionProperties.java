package dev.kestrel.engine.loader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.engine.loader.ListExpander.ExpandedList;
import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The one-pass substitution gives exactly the text of Falco's search-and-rebuild loop. */
class ListSubstitutionProperties {

    private static final Spot SPOT = new Spot("t.yaml", 1, 1);

    /** Falco's loop restated on plain strings: the reference the fast version must equal. */
    static String reference(String cnd, String name, List<String> items) {
        String blanks = " \t\n\r";
        String delims = blanks + "(),=";
        int start = cnd.indexOf(name);
        while (start >= 0) {
            int end = start + name.length();
            if ((start == 0 || delims.indexOf(cnd.charAt(start - 1)) >= 0)
                    && (end >= cnd.length() || delims.indexOf(cnd.charAt(end)) >= 0)) {
                while (start > 0 && blanks.indexOf(cnd.charAt(start - 1)) >= 0) {
                    start--;
                }
                while (end < cnd.length() && blanks.indexOf(cnd.charAt(end)) >= 0) {
                    end++;
                }
                String sub = String.join(", ", items);
                if (sub.isEmpty()) {
                    if (start > 0 && cnd.charAt(start - 1) == ',') {
                        start--;
                    } else if (end < cnd.length() && cnd.charAt(end) == ',') {
                        end++;
                    }
                }
                String next = (start > 0 ? cnd.substring(0, start) + " " : "") + sub + " " + cnd.substring(end);
                cnd = next;
                start += sub.length() + 1;
            }
            start = cnd.indexOf(name, start + 1);
        }
        return cnd;
    }

    @Property(tries = 400)
    void matchesFalcosLoop(@ForAll("conditions") String condition, @ForAll("items") List<String> items) {
        ExpandedList list = new ExpandedList("ls", items, SPOT);
        MappedText out = ListSubstitution.apply(MappedText.synthetic(condition, SPOT), List.of(list),
                new HashSet<>(), 1 << 20);
        assertThat(out.text()).isEqualTo(reference(condition, "ls", items));
    }

    @Test
    void examplesFromTheLanguageNotes() {
        ExpandedList cats = new ExpandedList("cat_binaries", List.of("cat"), SPOT);
        assertThat(apply("proc.name=cat_binaries", cats)).isEqualTo("proc.name= cat ");
        ExpandedList empty = new ExpandedList("my_list", List.of(), SPOT);
        assertThat(apply("proc.name in (a, my_list)", empty)).isEqualTo("proc.name in (a  )");
        assertThat(apply("fd.name = file_my_list", empty)).isEqualTo("fd.name = file_my_list");
        assertThat(apply("proc.name = \"my_list\"", empty)).isEqualTo("proc.name = \"my_list\"");
    }

    private static String apply(String text, ExpandedList list) {
        return ListSubstitution.apply(MappedText.synthetic(text, SPOT), List.of(list), new HashSet<>(), 1 << 20)
                .text();
    }

    @Provide
    Arbitrary<String> conditions() {
        return Arbitraries.of("ls", "ls", "x", " ", "  ", "(", ")", ",", "=", "als", "lsb", "\t", "\n", "in ", "\"")
                .list().ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<List<String>> items() {
        return Arbitraries.of("a", "ls", "b c", "\"q\"").list().ofMaxSize(3);
    }
}
