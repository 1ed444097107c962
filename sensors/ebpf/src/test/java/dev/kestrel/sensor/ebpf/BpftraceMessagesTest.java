package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BpftraceMessagesTest {

    @Test
    void noMessagesEndNoSentence() {
        assertThat(new BpftraceMessages(3).tail()).isEmpty();
    }

    @Test
    void keepsTheLastLinesInTheOrderWritten() {
        BpftraceMessages m = new BpftraceMessages(2);
        m.add("ERROR: first");
        m.add("ERROR: second");
        m.add("ERROR: third");
        assertThat(m.tail()).isEqualTo("; its last messages: ERROR: second | ERROR: third");
    }

    @Test
    void blankLinesAreNotKept() {
        BpftraceMessages m = new BpftraceMessages(2);
        m.add("ERROR: kept");
        m.add("   ");
        m.add("");
        assertThat(m.tail()).isEqualTo("; its last messages: ERROR: kept");
    }

    @Test
    void readsStderrToItsEndWithoutTheHarmlessMemlockWarning() {
        String stderr = "WARNING: Could not raise RLIMIT_MEMLOCK: Operation not permitted\n"
                + "stdin:3:1-20: ERROR: unknown function\n"
                + "\n"
                + "bpftrace: exiting\n";
        BpftraceMessages m = new BpftraceMessages(5);
        m.collect(new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8)));
        assertThat(m.tail()).isEqualTo("; its last messages: stdin:3:1-20: ERROR: unknown function | bpftrace: exiting");
    }

    @Test
    void aVeryLongMessageIsCutSoTheSentenceStaysReadable() {
        BpftraceMessages m = new BpftraceMessages(20);
        for (int i = 0; i < 20; i++) {
            m.add("ERROR: " + "x".repeat(1 << 20));
        }
        String tail = m.tail();
        assertThat(tail).contains("...(cut)");
        assertThat(tail.length()).isLessThan(20 * (BpftraceMessages.MAX_LINE_CHARS + 20) + 40);
    }
}
