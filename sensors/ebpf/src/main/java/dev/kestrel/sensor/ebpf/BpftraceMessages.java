package dev.kestrel.sensor.ebpf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last lines bpftrace wrote that were not records (its errors and warnings), kept for the
 * sentence that reports a failed start or a bpftrace that died. Thread-safe.
 */
final class BpftraceMessages {

    private static final Logger LOG = LoggerFactory.getLogger(BpftraceMessages.class);

    /** The most characters of one message kept for the sentence; the rest is cut (it is in the debug log). */
    static final int MAX_LINE_CHARS = 1_000;

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    /** Keeps the last {@code capacity} lines. */
    BpftraceMessages(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Reads bpftrace's {@code stderr} to its end, logging each line at debug level and keeping the
     * last ones. The RLIMIT_MEMLOCK warning is skipped: it is harmless where BPF memory is charged to
     * the cgroup (kernels since 5.11).
     */
    void collect(InputStream stderr) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("RLIMIT_MEMLOCK")) {
                    continue;
                }
                LOG.debug("bpftrace: {}", line);
                add(line);
            }
        } catch (IOException e) {
            LOG.debug("reading bpftrace's messages failed: {}", e.toString());
        }
    }

    /**
     * Keeps {@code line} (its first {@value #MAX_LINE_CHARS} characters), forgetting the oldest when
     * {@code capacity} lines are kept; blank lines are not kept.
     */
    synchronized void add(String line) {
        if (line.isBlank()) {
            return;
        }
        if (lines.size() >= capacity) {
            lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) + "...(cut)" : line);
    }

    /** {@code "; its last messages: a | b"} to end a sentence about bpftrace, or "" when it wrote none. */
    synchronized String tail() {
        return lines.isEmpty() ? "" : "; its last messages: " + String.join(" | ", lines);
    }
}
