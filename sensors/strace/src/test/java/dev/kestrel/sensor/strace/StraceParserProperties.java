package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class StraceParserProperties {

    /** Text of a string as strace prints it: quoted, with C escapes. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    @Provide
    Arbitrary<String> strings() {
        return Arbitraries.strings().withChars("abc/ ,()[]{}<>\"\\\n\t=-:.").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> argument() {
        Arbitrary<String> quoted = strings().map(StraceParserProperties::quote);
        Arbitrary<String> fd = Combinators.combine(Arbitraries.integers().between(0, 999),
                Arbitraries.strings().withChars("abc/ ,()._-").ofMinLength(1).ofMaxLength(10))
                .as((n, path) -> n + "</" + path + ">");
        Arbitrary<String> socket = Arbitraries.integers().between(1, 65535)
                .map(p -> "3<TCP:[10.0.0.1:" + p + "->1.2.3.4:4444]>");
        Arbitrary<String> flags = Arbitraries.of("O_RDONLY", "O_WRONLY|O_CREAT", "AT_FDCWD", "NULL", "0644", "-1");
        Arbitrary<String> array = strings().map(StraceParserProperties::quote).list().ofMaxSize(3)
                .map(l -> "[" + String.join(", ", l) + "]");
        Arbitrary<String> struct = strings().map(s -> "{sa_family=AF_INET, sun_path=" + quote(s) + "}");
        Arbitrary<String> comment = Arbitraries.of("0x7ffe /* 35 vars */", "0x1 /* 2 entries, (x) */");
        return Arbitraries.oneOf(quoted, fd, socket, flags, array, struct, comment);
    }

    @Property(tries = 300)
    void argumentsSplitBackIntoWhatWasJoined(@ForAll("argListOf") List<String> args) {
        String line = "7 1.000001 call(" + String.join(", ", args) + ") = 0";
        ParsedLine p = new StraceLineParser(-1).parse(line);
        assertThat(p).isInstanceOf(ParsedLine.Whole.class);
        assertThat(((SyscallRecord) ((ParsedLine.Whole) p).record()).args()).isEqualTo(args);
    }

    @Provide
    Arbitrary<List<String>> argListOf() {
        return argument().list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void quotedStringsDecodeToTheOriginal(@ForAll("strings") String s) {
        assertThat(StraceValues.text(quote(s))).isEqualTo(s);
    }

    @Property(tries = 300)
    void anyTextIsParsedOrCountedButNeverThrows(@ForAll @Size(max = 20) List<@net.jqwik.api.constraints.StringLength(max = 40) String> lines) {
        List<StraceRecord> out = new ArrayList<>();
        StraceOutputParser parser = new StraceOutputParser(-1, out::add);
        for (String l : lines) {
            parser.accept(l);
            parser.accept("5 1.0 " + l);
            parser.accept("5 1.0 x(" + l);
        }
        parser.finish();
        long counted = parser.unparsed().values().stream().mapToLong(Long::longValue).sum();
        assertThat(counted + out.size() + parser.messages()).isLessThanOrEqualTo(3L * lines.size());
    }
}
