package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class BpftraceOutputTest {

    private static final String TOKEN = "Kq9xZ3aB";

    private final List<String> seen = new ArrayList<>();

    private List<String> read(InputStream in) throws IOException {
        seen.clear();
        new BpftraceOutput(in, TOKEN, new BpftraceOutput.Handler() {
            @Override
            public void record(byte[] bytes, int from, int to) {
                seen.add("record " + new String(bytes, from, to - from, StandardCharsets.UTF_8));
            }

            @Override
            public void attached(int probes) {
                seen.add("attached " + probes);
            }

            @Override
            public void lost(long count) {
                seen.add("lost " + count);
            }

            @Override
            public void other(String line) {
                seen.add("other " + line);
            }
        }).readAll();
        return new ArrayList<>(seen);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachRunGetsItsOwnTokenOfTwelveLettersAndDigits() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String t = BpftraceOutput.newToken();
            assertThat(t).matches("[A-Za-z0-9]{12}");
            tokens.add(t);
        }
        assertThat(tokens).hasSize(200);
    }

    @Test
    void bpftracesBlankLinesAtTheEndDoNotJoinARecordThatEndsWithANumber() throws IOException {
        String text = TOKEN + "K|1|104070\n\n\n";
        assertThat(read(bytes(text))).containsExactly("record K|1|104070");
        assertThat(read(trickle(text, 3))).containsExactly("record K|1|104070");
        // ...while a path may still end with a newline
        assertThat(read(bytes(TOKEN + "S|1|5|7|7|3|-100|0|0|/tmp/a\n\n" + TOKEN + "T|9\n")))
                .containsExactly("record S|1|5|7|7|3|-100|0|0|/tmp/a\n", "record T|9");
    }

    @Test
    void aCallWithoutStringsIsNotJoinedWithTheBlankLinesAfterIt() throws IOException {
        SyscallProbe close = SyscallProbes.BY_INDEX.stream().filter(p -> p.type() == EventType.CLOSE)
                .findFirst().orElseThrow();
        assertThat(close.strings()).isEmpty();
        String record = "S|" + close.index() + "|28076188125236|8694|8694|0|81";
        assertThat(read(bytes(TOKEN + record + "\n\n\n\n"))).containsExactly("record " + record);
        assertThat(read(trickle(TOKEN + record + "\n\n\n\n", 5))).containsExactly("record " + record);
    }

    @Test
    void theEndLineKeepsBpftracesBlankLinesOffTheLastString() throws IOException {
        String open = "S|1|5|7|7|3|-100|0|0|/tmp/a";
        assertThat(read(bytes(TOKEN + open + "\n" + TOKEN + "Q|\n\n\n\n")))
                .containsExactly("record " + open, "record Q|");
    }

    /** Hands out at most {@code step} bytes per read, as a pipe may. */
    private static InputStream trickle(String text, int step) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    @Test
    void recordsMessagesAndOtherLinesAreToldApart() throws IOException {
        read(bytes("Attaching 57 probes...\n" + TOKEN + "T|100\n" + TOKEN + "S|1|5|7|7|3|-100|0|0|/etc/shadow\n"
                + "Lost 12 events\nsomething bpftrace said\n" + TOKEN + "X|9|7|7|0\n"));
        assertThat(seen).containsExactly("attached 57", "record T|100", "record S|1|5|7|7|3|-100|0|0|/etc/shadow", "lost 12",
                "other something bpftrace said", "record X|9|7|7|0");
    }

    @Test
    void countsTooLongForANumberAreNotTakenForBpftracesMessages() throws IOException {
        read(bytes("Attaching 99999999999 probes...\nLost 9999999999999999999 events\nAttaching 1 probe...\n"));
        assertThat(seen).containsExactly("other Attaching 99999999999 probes...", "other Lost 9999999999999999999 events",
                "attached 1");
    }

    @Test
    void aNewlineInAFileNameIsJoinedBackAndCannotForgeARecord() throws IOException {
        String forged = "S|1|5|666|666|3|-100|0|0|/etc/shadow";
        read(bytes(TOKEN + "S|1|5|7|7|3|-100|0|0|/tmp/evil\n" + forged + "\n" + TOKEN + "T|100\n"));
        assertThat(seen).containsExactly("record S|1|5|7|7|3|-100|0|0|/tmp/evil\n" + forged, "record T|100");
    }

    @Test
    void aLastLineWithoutNewlineStillCounts() throws IOException {
        read(bytes(TOKEN + "T|1\n" + TOKEN + "T|2"));
        assertThat(seen).containsExactly("record T|1", "record T|2");
    }

    @Test
    void aLineLongerThanTheLargestBufferIsDroppedAndCounted() throws IOException {
        String longLine = TOKEN + "Z|" + " ".repeat(BpftraceOutput.MAX_LINE_BYTES + 10);
        BpftraceOutput out = new BpftraceOutput(bytes(TOKEN + "T|1\n" + longLine + "\n" + TOKEN + "T|2\n"), TOKEN,
                new BpftraceOutput.Handler() {
                    @Override
                    public void record(byte[] bytes, int from, int to) {
                        seen.add(new String(bytes, from, Math.min(to - from, 8), StandardCharsets.UTF_8));
                    }

                    @Override
                    public void attached(int probes) {
                    }

                    @Override
                    public void lost(long count) {
                    }

                    @Override
                    public void other(String line) {
                        seen.add("other");
                    }
                });
        out.readAll();
        assertThat(seen).containsExactly("T|1", "T|2");
        assertThat(out.cutLines()).isEqualTo(1);
    }

    /** However the pipe splits the bytes, the same lines come out, joined strings included. */
    @Property(tries = 200)
    void readsAreSplitAnywhere(@ForAll @IntRange(min = 1, max = 40) int step,
                               @ForAll @StringLength(max = 30) String name) throws IOException {
        String clean = name.replace("\r", "");
        String text = "Attaching 3 probes...\n" + TOKEN + "T|1\n" + TOKEN + "S|1|5|7|7|3|-100|0|0|" + clean + "\n"
                + TOKEN + "Z|" + " ".repeat(100) + "\n" + TOKEN + "T|2\n";
        List<String> whole = read(bytes(text));
        assertThat(read(trickle(text, step))).isEqualTo(whole);
        assertThat(whole).contains("record S|1|5|7|7|3|-100|0|0|" + clean);
    }

    /**
     * Strings as the program prints them with {@code %s}: they may hold newlines and the field separator,
     * but (in this generator) never the run's token nor a line bpftrace itself prints.
     */
    private static final Arbitrary<String> PRINTED_STRING = Arbitraries.strings().withChars("/ab.|-_ \n\t").ofMaxLength(12);
    private static final Arbitrary<Long> NUMBER = Arbitraries.longs().between(-5, 99_999);

    private static Arbitrary<String> numbers(int count) {
        return NUMBER.list().ofSize(count).map(n -> n.stream().map(String::valueOf).collect(Collectors.joining("|")));
    }

    /** Lines of every kind the program prints, each without its token and newline. */
    @Provide
    Arbitrary<List<String>> printedRecords() {
        Arbitrary<String> call = Arbitraries.of(SyscallProbes.BY_INDEX).flatMap(p -> Combinators
                .combine(numbers(4 + p.numbers().size()), PRINTED_STRING)
                .as((n, s) -> "S|" + p.index() + "|" + n + (p.strings().isEmpty() ? "" : "|" + s)));
        Arbitrary<String> part = Combinators.combine(numbers(2), PRINTED_STRING).as((n, s) -> "P|" + n + "|" + s);
        Arbitrary<String> exec = Combinators.combine(numbers(11), PRINTED_STRING).as((n, s) -> "E|" + n + "|" + s);
        Arbitrary<String> file = Combinators.combine(numbers(3), PRINTED_STRING).as((n, s) -> "F|" + n + "|" + s);
        Arbitrary<String> failedExec = Combinators.combine(numbers(6), PRINTED_STRING).as((n, s) -> "Y|" + n + "|" + s);
        Arbitrary<String> cgroup = Combinators.combine(numbers(2), PRINTED_STRING).as((n, s) -> "G|" + n + "|" + s);
        Arbitrary<String> unixSocket = Combinators.combine(numbers(5), PRINTED_STRING).as((n, s) -> "U|connect|" + n + "|" + s);
        Arbitrary<String> inetSocket = numbers(5).map(n -> "N|connect|" + n + "|2|10.0.0.1|80|10.0.0.2|443");
        Arbitrary<String> arguments = numbers(2).map(n -> "A|" + n + "|sh\\x00-c\\x00");
        Arbitrary<String> fork = numbers(8).map(n -> "B|" + n);
        Arbitrary<String> clone = numbers(6).map(n -> "C|clone|" + n);
        Arbitrary<String> exit = numbers(4).map(n -> "X|" + n);
        Arbitrary<String> counter = numbers(2).map(n -> "K|" + n);
        Arbitrary<String> heartbeat = numbers(1).map(n -> "T|" + n);
        return Arbitraries.oneOf(call, part, exec, file, failedExec, cgroup, unixSocket, inetSocket, arguments, fork, clone,
                exit, counter, heartbeat).list().ofMaxSize(12);
    }

    @Property(tries = 300)
    void everyRecordTheProgramPrintsIsReadBackWholeWhateverBpftracePrintsAfterTheEnd(
            @ForAll("printedRecords") List<String> records, @ForAll @IntRange(max = 40) int blankLines,
            @ForAll @IntRange(min = 1, max = 64) int step) throws IOException {
        StringBuilder text = new StringBuilder("Attaching 9 probes...\n");
        records.forEach(r -> text.append(TOKEN).append(r).append('\n'));
        text.append(TOKEN).append("Q|\n").append("\n".repeat(blankLines));
        List<String> expected = new ArrayList<>(List.of("attached 9"));
        records.forEach(r -> expected.add("record " + r));
        expected.add("record Q|");
        assertThat(read(trickle(text.toString(), step))).isEqualTo(expected);
        assertThat(read(bytes(text.toString()))).isEqualTo(expected);
    }
}
