package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lines whose paths the traced program chose, as strace 6.1 prints them with the sensor's options: none may
 * hide the call (a line not understood is an event lost) or be taken for another kind of line.
 */
class HostileStraceLinesTest {

    private final List<StraceRecord> out = new ArrayList<>();
    private final StraceOutputParser parser = new StraceOutputParser(-1, out::add);

    private SyscallRecord only(String line) {
        parser.accept(line);
        parser.finish();
        assertThat(parser.unparsed()).as(line).isEmpty();
        assertThat(out).as(line).hasSize(1);
        return (SyscallRecord) out.get(0);
    }

    /** A working directory with a quote in its name: strace prints it as {@code AT_FDCWD</tmp/q\"d>}. */
    @Test
    void aQuoteInTheWorkingDirectoryDoesNotHideAnOpen() {
        SyscallRecord s = only("27420 1796094952.450290 openat(AT_FDCWD</tmp/h66/q\\\"d>, \"/etc/shadow\", O_RDONLY) = 3</etc/shadow>");
        assertThat(s.args()).hasSize(3);
        assertThat(StraceValues.text(s.args().get(1))).isEqualTo("/etc/shadow");
    }

    @Test
    void aQuoteInTheOpenedFilesNameDoesNotHideTheOpen() {
        SyscallRecord s = only("27324 1796094938.523293 openat(AT_FDCWD</tmp/h66>, \"/tmp/h66/e\\\"f\", O_RDONLY) = 3</tmp/h66/e\\\"f>");
        assertThat(s.returnValue()).isEqualTo(3);
    }

    /** strace leaves {@code :[} as it is; in a path it opens no bracket. */
    @Test
    void aColonBracketInTheWorkingDirectoryDoesNotHideAnOpen() {
        SyscallRecord s = only("27871 1796095034.677537 openat(AT_FDCWD</tmp/h66/w:[>, \"/etc/shadow\", O_RDONLY) = 3</etc/shadow>");
        assertThat(StraceValues.text(s.args().get(1))).isEqualTo("/etc/shadow");
    }

    @Test
    void aColonBracketInTheOpenedFilesNameDoesNotHideTheOpen() {
        SyscallRecord s = only("27871 1796095034.677600 openat(AT_FDCWD</tmp>, \"/tmp/x:[\", O_RDONLY) = 3</tmp/x:[>");
        assertThat(s.returnValue()).isEqualTo(3);
    }

    /** A file named {@code d <pid changed to 9/../f ...} is a finished open, not the first half of an exec. */
    @Test
    void pidChangedWordsInsideAPathAreNoExecHalf() {
        SyscallRecord s = only("27758 1796095022.474240 openat(AT_FDCWD</tmp/h66>, \"/tmp/h66/d <pid changed to 9/../f ...\", "
                + "O_WRONLY|O_CREAT|O_TRUNC, 0666) = 3</tmp/h66/f ...>");
        assertThat(s.name()).isEqualTo("openat");
        assertThat(s.returnValue()).isEqualTo(3);
    }

    @Test
    void aTimestampTooLargeForNanosecondsIsALineNotUnderstoodNotAnException() {
        parser.accept("100 99999999999999999999.000001 close(3</tmp/x>) = 0");
        parser.accept("100 9999999999.000001 close(3</tmp/x>) = 0");
        parser.finish();
        assertThat(parser.unparsed()).containsEntry("no timestamp", 2L);
        assertThat(out).isEmpty();
    }

    /** A line over the reader's limit is passed over by {@code BoundedLines}; the parser counts it, by its limit. */
    @Test
    void aLineOverTheLimitIsCountedUnderOneReason() {
        parser.lineTooLong(StraceSource.MAX_LINE_BYTES);
        parser.lineTooLong(StraceSource.MAX_LINE_BYTES);
        parser.finish();
        assertThat(parser.unparsed()).containsExactly(java.util.Map.entry("line longer than 16777216 bytes (not read)", 2L));
    }
}
