package dev.kestrel.engine.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Laws of output formatting. */
class OutputFormatProperties {

    private final TestFields fields = TestFields.standard();

    private static TestFields.Context ctx(Map<String, Object> values) {
        return new TestFields.Context(new Event().reset(EventType.EXECVE, 1, 1, 1, 0), values);
    }

    @Property(tries = 300)
    void textWithoutPercentIsPrintedAsIs(@ForAll String text) throws Exception {
        String literal = text.replace("%", "");
        assertThat(OutputFormat.compile(literal, fields).format(ctx(Map.of()))).isEqualTo(literal);
    }

    @Property(tries = 300)
    void aWidthAlwaysGivesExactlyThatManyCharacters(@ForAll @IntRange(min = 1, max = 40) int width,
            @ForAll @AlphaChars @StringLength(max = 60) String name) throws Exception {
        OutputFormat f = OutputFormat.compile("[%" + width + "proc.name]", fields);
        String out = f.format(ctx(Map.of("proc.name", name)));
        assertThat(out).hasSize(width + 2);
        assertThat(name.startsWith(out.substring(1, 1 + Math.min(width, name.length())))).isTrue();
    }

    @Property(tries = 300)
    void aFieldAmongLiteralsIsReplacedByItsValue(@ForAll @AlphaChars @StringLength(max = 20) String before,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String value) throws Exception {
        String text = before + " %proc.name!";
        assertThat(OutputFormat.compile(text, fields).format(ctx(Map.of("proc.name", value))))
                .isEqualTo(before + " " + value + "!");
    }
}
