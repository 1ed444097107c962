package dev.kestrel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class PriorityTest {

    @Test
    void parsesFalcoSpellings() {
        assertThat(Priority.parse("info")).isEqualTo(Priority.INFORMATIONAL);
        assertThat(Priority.parse("INFORMATIONAL")).isEqualTo(Priority.INFORMATIONAL);
        assertThat(Priority.parse("Warning")).isEqualTo(Priority.WARNING);
        assertThat(Priority.parse("warn")).isNull();
        assertThat(Priority.CRITICAL.atLeast(Priority.WARNING)).isTrue();
        assertThat(Priority.DEBUG.atLeast(Priority.WARNING)).isFalse();
    }

    @Property
    void parsingIsCaseInsensitive(@ForAll Priority p, @ForAll boolean upper) {
        String text = upper ? p.name().toUpperCase(Locale.ROOT) : p.display();
        assertThat(Priority.parse(text)).isEqualTo(p);
    }
}
