package dev.kestrel.sensor.ebpf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last lines bpftrace wrote that were not records (its errors and warnings), kept for the
 * sentence that reports a failed start or a bpftrace that died. A line is read up to
 * {@link #MAX_LINE_BYTES}; the rest of a longer one is passed over, not held, and counted. Thread-safe.
 */
final class BpftraceMessages {

    private static final Logger LOG = LoggerFactory.getLogger(BpftraceMessages.class);

    /** The most characters of one message kept for the sentence; the rest is cut (it is in the debug log). */
    static final int MAX_LINE_CHARS = 1_000;

    /** The most bytes of one stderr line read (and logged); the rest, up to its newline, is skipped and counted. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private final LongAdder cutLines = new LongAdder();

    /** Keeps the last {@code capacity} lines. */
    BpftraceMessages(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Reads bpftrace's {@code stderr} to its end, logging each line at debug level and keeping the
     * last ones; of a line longer than {@link #MAX_LINE_BYTES} only its start is read ({@link #cutLines()}).
     * The RLIMIT_MEMLOCK warning is skipped: it is harmless where BPF memory is charged to the cgroup
     * (kernels since 5.11).
     */
    void collect(InputStream stderr) {
        byte[] buf = new byte[8192];
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean cut = false;
        try (InputStream in = stderr) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        message(line, cut);
                        line.reset();
                        cut = false;
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(buf[i]);
                    } else {
                        cut = true;
                    }
                }
            }
            if (line.size() > 0 || cut) {
                message(line, cut);
            }
        } catch (IOException e) {
            LOG.debug("reading bpftrace's messages failed: {}", e.toString());
        }
    }

    /** Lines of stderr longer than {@link #MAX_LINE_BYTES}: only their start was read and kept. */
    long cutLines() {
        return cutLines.sum();
    }

    private void message(ByteArrayOutputStream bytes, boolean cut) {
        String line = bytes.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.contains("RLIMIT_MEMLOCK")) {
            return;
        }
        if (cut) {
            cutLines.increment();
        }
        LOG.debug("bpftrace: {}{}", line, cut ? "...(cut)" : "");
        add(line, cut);
    }

    /**
     * Keeps {@code line} (its first {@value #MAX_LINE_CHARS} characters), forgetting the oldest when
     * {@code capacity} lines are kept; blank lines are not kept.
     */
    void add(String line) {
        add(line, false);
    }

    /** As {@link #add(String)}, the line marked cut when {@code cut} (only its start was read) or too long. */
    private synchronized void add(String line, boolean cut) {
        if (line.isBlank()) {
            return;
        }
        if (lines.size() >= capacity) {
            lines.removeFirst();
        }
        String kept = line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line;
        lines.addLast(cut || kept.length() < line.length() ? kept + "...(cut)" : kept);
    }

    /** {@code "; its last messages: a | b"} to end a sentence about bpftrace, or "" when it wrote none. */
    synchronized String tail() {
        return lines.isEmpty() ? "" : "; its last messages: " + String.join(" | ", lines);
    }
}
