package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

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
        reader(in).readAll();
        return new ArrayList<>(seen);
    }

    /** A reader of {@code in} whose lines are written to {@link #seen}, which it empties first. */
    private BpftraceOutput reader(InputStream in) {
        seen.clear();
        return new BpftraceOutput(in, TOKEN, new BpftraceOutput.Handler() {
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
        });
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachRunGetsItsOwnTokenOfTwelveLettersAndDigitsADigitFirst() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String t = BpftraceOutput.newToken();
            assertThat(t).matches("[0-9][A-Za-z0-9]{11}");
            tokens.add(t);
        }
        assertThat(tokens).hasSize(200);
    }

    /** A line as the program prints it: the token, the record, the token again. */
    private static String line(String record) {
        return TOKEN + record + TOKEN + "\n";
    }

    @Test
    void bpftracesBlankLinesAtTheEndJoinNoRecord() throws IOException {
        String text = line("K|1|104070") + "\n\n";
        assertThat(read(bytes(text))).containsExactly("record K|1|104070");
        assertThat(read(trickle(text, 3))).containsExactly("record K|1|104070");
        // ...while a path may still end with a newline: the closing token says where it ends
        assertThat(read(bytes(line("S|1|5|7|7|3|-100|0|0|/tmp/a\n") + "\n" + line("T|9"))))
                .containsExactly("record S|1|5|7|7|3|-100|0|0|/tmp/a\n", "record T|9");
    }

    @Test
    void theEndLineComesBeforeBpftracesBlankLines() throws IOException {
        String open = "S|1|5|7|7|3|-100|0|0|/tmp/a";
        assertThat(read(bytes(line(open) + line("Q|") + "\n\n\n"))).containsExactly("record " + open, "record Q|");
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
        read(bytes("Attaching 57 probes...\n" + line("T|100") + line("S|1|5|7|7|3|-100|0|0|/etc/shadow")
                + "Lost 12 events\nsomething bpftrace said\n" + line("X|9|7|7|0|1")));
        assertThat(seen).containsExactly("attached 57", "record T|100", "record S|1|5|7|7|3|-100|0|0|/etc/shadow", "lost 12",
                "other something bpftrace said", "record X|9|7|7|0|1");
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
        read(bytes(TOKEN + "S|1|5|7|7|3|-100|0|0|/tmp/evil\n" + forged + TOKEN + "\n" + line("T|100")));
        assertThat(seen).containsExactly("record S|1|5|7|7|3|-100|0|0|/tmp/evil\n" + forged, "record T|100");
    }

    /**
     * A directory named {@code a\nAttaching 1 probe...\nLost 999999 events\n} once made the reader take
     * the lines inside the name for bpftrace's own: a new /proc scan per line, and losses that never happened.
     */
    @Test
    void bpftracesMessagesInsideAFileNameArePartOfTheName() throws IOException {
        String name = "/tmp/a\nAttaching 1 probe...\nLost 999999 events\nAttaching 1 probe...";
        read(bytes("Attaching 3 probes...\n" + line("S|9|5|7|7|0|" + name) + line("S|9|6|7|7|0|" + name + "\n")
                + line("T|100")));
        assertThat(seen).containsExactly("attached 3", "record S|9|5|7|7|0|" + name, "record S|9|6|7|7|0|" + name + "\n",
                "record T|100");
    }

    @Test
    void bpftraceAttachesOnceBeforeAnyRecord() throws IOException {
        read(bytes("Attaching 3 probes...\n" + line("T|100") + "Attaching 3 probes...\n"));
        assertThat(seen).containsExactly("attached 3", "record T|100", "other Attaching 3 probes...");
    }

    @Test
    void aRecordCutOffOrRunningOnWithoutItsClosingTokenIsDroppedAndCounted() throws IOException {
        BpftraceOutput cut = reader(bytes(line("T|1") + TOKEN + "S|1|5|7|7|3|-100|0|0|/tm"));
        cut.readAll();
        assertThat(seen).containsExactly("record T|1");
        assertThat(cut.unendedRecords()).isEqualTo(1);
        BpftraceOutput cutAfterNewline = reader(bytes(line("T|1") + TOKEN + "S|1|5|7|7|3|-100|0|0|/tmp/a\nb"));
        cutAfterNewline.readAll();
        assertThat(seen).containsExactly("record T|1");
        assertThat(cutAfterNewline.unendedRecords()).isEqualTo(1);
        String runOn = TOKEN + "S|1|5|7|7|3|-100|0|0|/tmp/a\n" + "x\n".repeat(BpftraceOutput.MAX_RUN_ON_BYTES / 2);
        BpftraceOutput endless = reader(bytes(runOn + line("T|2")));
        endless.readAll();
        assertThat(seen).filteredOn(l -> l.startsWith("record")).containsExactly("record T|2");
        assertThat(endless.unendedRecords()).isEqualTo(1);
    }

    @Test
    void aLastLineWithoutNewlineStillCounts() throws IOException {
        read(bytes(line("T|1") + TOKEN + "T|2" + TOKEN));
        assertThat(seen).containsExactly("record T|1", "record T|2");
    }

    @Test
    void aLineLongerThanTheLargestBufferIsDroppedAndCounted() throws IOException {
        String longLine = TOKEN + "Z|" + " ".repeat(BpftraceOutput.MAX_LINE_BYTES + 10) + TOKEN;
        BpftraceOutput out = new BpftraceOutput(bytes(line("T|1") + longLine + "\n" + line("T|2")), TOKEN,
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
        String text = "Attaching 3 probes...\n" + line("T|1") + line("S|1|5|7|7|3|-100|0|0|" + clean)
                + line("Z|" + " ".repeat(100)) + line("T|2");
        List<String> whole = read(bytes(text));
        assertThat(read(trickle(text, step))).isEqualTo(whole);
        assertThat(whole).contains("record S|1|5|7|7|3|-100|0|0|" + clean);
    }

    /**
     * Strings as the program prints them with {@code %s}: they may hold newlines, the field separator and
     * lines bpftrace itself prints, but never the run's secret token.
     */
    private static final Arbitrary<String> PRINTED_STRING = Arbitraries.oneOf(
            Arbitraries.strings().withChars("/ab.|-_ \n\t").ofMaxLength(12),
            Arbitraries.of("\nLost 7 events", "a\nAttaching 2 probes...\n", "\n\n", "\nsomething bpftrace said\nb"));
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
        Arbitrary<String> exec = Combinators.combine(numbers(15), PRINTED_STRING).as((n, s) -> "E|" + n + "|" + s);
        Arbitrary<String> file = Combinators.combine(numbers(3), PRINTED_STRING).as((n, s) -> "F|" + n + "|" + s);
        Arbitrary<String> failedExec = Combinators.combine(numbers(6), PRINTED_STRING).as((n, s) -> "Y|" + n + "|" + s);
        Arbitrary<String> cgroup = Combinators.combine(numbers(2), PRINTED_STRING).as((n, s) -> "G|" + n + "|" + s);
        Arbitrary<String> unixSocket = Combinators.combine(numbers(5), PRINTED_STRING).as((n, s) -> "U|connect|" + n + "|" + s);
        Arbitrary<String> inetSocket = numbers(5).map(n -> "N|connect|" + n + "|2|10.0.0.1|80|10.0.0.2|443");
        Arbitrary<String> arguments = numbers(2).map(n -> "A|" + n + "|sh\\x00-c\\x00");
        Arbitrary<String> fork = numbers(8).map(n -> "B|" + n);
        Arbitrary<String> clone = numbers(6).map(n -> "C|clone|" + n);
        Arbitrary<String> exit = numbers(5).map(n -> "X|" + n);
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
        records.forEach(r -> text.append(line(r)));
        text.append(line("Q|")).append("\n".repeat(blankLines));
        List<String> expected = new ArrayList<>(List.of("attached 9"));
        records.forEach(r -> expected.add("record " + r));
        expected.add("record Q|");
        assertThat(read(trickle(text.toString(), step))).isEqualTo(expected);
        assertThat(read(bytes(text.toString()))).isEqualTo(expected);
    }
}
