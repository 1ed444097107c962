package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    void aHugeStderrLineIsReadOnlyUpToItsBoundThenSkippedToItsNewlineAndCounted() {
        long huge = 100L << 20;
        BpftraceMessages m = new BpftraceMessages(5);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        m.collect(new HugeLine(huge, "\nERROR: the next line\n"));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated reading a %d-byte line", huge).isLessThan(4L << 20);
        assertThat(m.cutLines()).isEqualTo(1);
        assertThat(m.tail()).isEqualTo("; its last messages: " + "x".repeat(BpftraceMessages.MAX_LINE_CHARS)
                + "...(cut) | ERROR: the next line");
    }

    @Test
    void aLineJustUnderTheByteBoundIsNotCountedAndALastLineWithoutANewlineCounts() {
        BpftraceMessages m = new BpftraceMessages(5);
        String line = "y".repeat(BpftraceMessages.MAX_LINE_BYTES - 1) + "\r\n";
        m.collect(new ByteArrayInputStream((line + "ERROR: last").getBytes(StandardCharsets.UTF_8)));
        assertThat(m.cutLines()).isZero();
        assertThat(m.tail()).isEqualTo("; its last messages: " + "y".repeat(BpftraceMessages.MAX_LINE_CHARS)
                + "...(cut) | ERROR: last");
    }

    /** {@code length} bytes of {@code x} without a newline, then {@code after}; made as read, never held. */
    private static final class HugeLine extends InputStream {
        private final byte[] after;
        private long left;
        private int afterPos;

        HugeLine(long length, String after) {
            this.left = length;
            this.after = after.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0];
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left > 0) {
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
            if (afterPos == after.length) {
                return -1;
            }
            int n = Math.min(len, after.length - afterPos);
            System.arraycopy(after, afterPos, b, off, n);
            afterPos += n;
            return n;
        }
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
