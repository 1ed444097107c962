package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.field.IpAddress;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The one-pass reader of plain IPv4 tuples gives what the substring reader gives, on every text. */
class SocketTupleProperties {

    /** An octet as written: usually plain, sometimes with leading zeros, out of range, empty or not a number. */
    @Provide
    Arbitrary<String> octet() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 255).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255).map(n -> "00" + n)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(256, 99_999).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", " 1", "x", "-1", "1 ", "0x1")));
    }

    @Provide
    Arbitrary<String> port() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 65_535).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, Integer.MAX_VALUE).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(Integer.MAX_VALUE, Long.MAX_VALUE).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("", "0080", "+80", "-1", " 80", "80 ", "8o", "9999999999")));
    }

    @Provide
    Arbitrary<String> address() {
        Arbitrary<String> dotted = octet().list().ofMinSize(2).ofMaxSize(5).map(parts -> String.join(".", parts));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, dotted),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("::1", "[::1]", "fe80::1", "[2001:db8::7]", "localhost", "")));
    }

    @Provide
    Arbitrary<String> tuple() {
        Arbitrary<String> endpoint = Combinators.combine(address(), port(), Arbitraries.of(":", ":", ":", "", "::"))
                .as((a, p, colon) -> a + colon + p);
        Arbitrary<String> arrow = Arbitraries.of("->", "->", "->", "->", "-", ">", "-> ", " ->", "->->");
        Arbitrary<String> whole = Combinators.combine(endpoint, arrow, endpoint).as((l, a, r) -> l + a + r);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, whole),
                net.jqwik.api.Tuple.of(1, endpoint),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("/run/docker.sock", "@abstract", "->/tmp/s", "/a->", " ")));
    }

    @Property(tries = 3000)
    void theOnePassReaderAgreesWithTheSubstringReader(@ForAll("tuple") String text) {
        assertThat(SocketTuple.parse(text)).isEqualTo(SocketTuple.parseAny(text));
        SocketTuple plain = SocketTuple.parsePlainV4(text);
        if (plain != null) {
            assertThat(plain).isEqualTo(SocketTuple.parseAny(text));
        }
    }

    @Property(tries = 1000)
    void everyPlainIpv4TupleTakesTheOnePassReader(@ForAll("plainTuple") String text) {
        assertThat(SocketTuple.parsePlainV4(text)).isNotNull().isEqualTo(SocketTuple.parseAny(text));
    }

    @Provide
    Arbitrary<String> plainTuple() {
        Arbitrary<Integer> o = Arbitraries.integers().between(0, 255);
        Arbitrary<String> ip = Combinators.combine(o, o, o, o).as((a, b, c, d) -> a + "." + b + "." + c + "." + d);
        Arbitrary<Integer> p = Arbitraries.integers().between(0, 65_535);
        return Combinators.combine(ip, p, ip, p).as((a, pa, b, pb) -> a + ":" + pa + "->" + b + ":" + pb);
    }

    @Example
    void aPlainTupleIsReadIntoItsParts() {
        SocketTuple t = SocketTuple.parse("10.244.1.30:40476->10.96.0.10:53");
        assertThat(t.clientIp()).isEqualTo(IpAddress.parse("10.244.1.30"));
        assertThat(t.clientPort()).isEqualTo(40476);
        assertThat(t.serverIp()).isEqualTo(IpAddress.parse("10.96.0.10"));
        assertThat(t.serverPort()).isEqualTo(53);
        assertThat(t.isUnix()).isFalse();
        assertThat(SocketTuple.parsePlainV4("10.244.1.30:40476->10.96.0.10:53 ")).isNull();
    }
}
