package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Reads what bpftrace prints in its text format ({@code -f text}) straight from the bytes: every
 * line the program prints starts and ends with the run's secret {@code token}; bpftrace's own lines
 * ({@code Attaching N probes...}, {@code Lost N events}) do neither. A string printed with {@code %s}
 * may itself contain newlines (a file may be named so): a record then runs on, over lines without
 * the token, to the first line that ends with it, so no file name can forge a record or a message
 * of bpftrace's. Not thread-safe: one reader.
 */
final class BpftraceOutput {

    /** What the output carries, line by line. */
    interface Handler {
        /** A line the program printed: its text after the token in {@code bytes[from, to)}. */
        void record(byte[] bytes, int from, int to);

        /** bpftrace attached its {@code probes} probes. */
        void attached(int probes);

        /** bpftrace reported {@code count} events lost in the kernel. */
        void lost(long count);

        /** Any other line (a message of bpftrace's), as text. */
        void other(String line);
    }

    /** Longest line kept; longer ones are cut (the heartbeat's padding is far shorter). */
    static final int MAX_LINE_BYTES = 1 << 20;

    /**
     * Bytes a record may run on over lines without the token before it is given up: far more than
     * its one string ({@value BpftraceScript#STRING_BYTES} bytes) can hold.
     */
    static final int MAX_RUN_ON_BYTES = 4096;

    private final InputStream in;
    private final byte[] token;
    private final Handler handler;
    private byte[] buf = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private boolean sawRecord;
    /** Written by the reading thread only when a line is cut, read by the counters from any thread. */
    private volatile long cutLines;
    /** Written by the reading thread only when a record is given up, read by the counters from any thread. */
    private volatile long unendedRecords;

    BpftraceOutput(InputStream in, String token, Handler handler) {
        this.in = in;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
        this.handler = handler;
    }

    /**
     * A new secret for one run, the token that starts and ends every line the program prints: 12 random
     * letters and digits, a digit first (a letter there could extend the printf conversion before the
     * closing token, see {@link BpftraceScript}).
     */
    static String newToken() {
        String digits = "0123456789";
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" + digits;
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(12).append(digits.charAt(random.nextInt(digits.length())));
        for (int i = 1; i < 12; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /** Lines longer than {@link #MAX_LINE_BYTES} that were dropped. */
    long cutLines() {
        return cutLines;
    }

    /**
     * Records without their closing token (dropped): cut off at the end of the output, or running on
     * past {@link #MAX_RUN_ON_BYTES}.
     */
    long unendedRecords() {
        return unendedRecords;
    }

    /**
     * Reads until the end of the stream, handing over every line as soon as its newline arrives; a
     * record whose last string holds newlines is handed over whole, at the line that ends with the token.
     *
     * @throws IOException when reading fails
     */
    void readAll() throws IOException {
        int pending = -1;  // the first byte of a record whose string runs on, or -1
        while (true) {
            int nl = indexOf((byte) '\n', start, end);
            if (nl < 0) {
                int shift = fill(pending >= 0 ? pending : start);
                if (pending >= 0) {
                    pending -= shift;
                }
                if (eof) {
                    if (pending >= 0 || hasToken(start, end) && !endsWithToken(start, end)) {
                        unendedRecords++;  // cut off at the end of the output
                    } else if (end > start) {
                        line(start, end);
                    }
                    return;
                }
                continue;
            }
            if (pending >= 0) {
                if (endsWithToken(pending, nl)) {
                    record(pending, nl);
                    pending = -1;
                } else if (nl - pending > MAX_RUN_ON_BYTES) {
                    unendedRecords++;
                    pending = -1;
                }
            } else if (hasToken(start, nl) && !endsWithToken(start, nl)) {
                pending = start;
            } else {
                line(start, nl);
            }
            start = nl + 1;
        }
    }

    /**
     * Moves {@code buf[keep, end)} to the front, makes room (a larger buffer, or dropping a line
     * longer than {@link #MAX_LINE_BYTES}, counted) and reads more; sets {@link #eof} at the end of
     * the stream. Returns how far the kept bytes moved towards the front.
     */
    private int fill(int keep) throws IOException {
        if (keep > 0) {
            System.arraycopy(buf, keep, buf, 0, end - keep);
            end -= keep;
            start -= keep;
        }
        if (end == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) {
                // The line at start filled the largest buffer: drop it.
                cutLines++;
                end = start;
                int b;
                while ((b = in.read()) >= 0 && b != '\n') {
                    // discarded
                }
            } else {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return keep;
    }

    private boolean hasToken(int from, int to) {
        if (to - from < token.length) {
            return false;
        }
        for (int i = 0; i < token.length; i++) {
            if (buf[from + i] != token[i]) {
                return false;
            }
        }
        return true;
    }

    /** bpftrace's own line in {@code buf[from, to)} as text, or null when it is none of them. */
    private String message(int from, int to) {
        if (to - from > 64 || to - from < 6) {
            return null;
        }
        String s = new String(buf, from, to - from, StandardCharsets.US_ASCII);
        // Counts too long for a number are no message of bpftrace's (it could not print them).
        return s.matches("Attaching \\d{1,9} probes?\\.\\.\\.|Lost \\d{1,18} events") ? s : null;
    }

    /** One whole line in {@code buf[from, to)}: a record, a message of bpftrace's, or anything else. */
    private void line(int from, int to) {
        if (endsWithToken(from, to)) {
            record(from, to);
            return;
        }
        String m = message(from, to);
        if (m != null && m.startsWith("Attaching") && !sawRecord) {
            handler.attached(Integer.parseInt(m.substring(10, m.indexOf(' ', 10))));
        } else if (m != null && m.startsWith("Lost")) {
            handler.lost(Long.parseLong(m.substring(5, m.indexOf(' ', 5))));
        } else if (to > from) {
            handler.other(new String(buf, from, to - from, StandardCharsets.UTF_8));
        }
    }

    /** Hands over the record between the two tokens of {@code buf[from, to)}. */
    private void record(int from, int to) {
        sawRecord = true;
        handler.record(buf, from + token.length, to - token.length);
    }

    /** Whether {@code buf[from, to)} starts with the token and ends with it again after at least one byte. */
    private boolean endsWithToken(int from, int to) {
        if (to - from < 2 * token.length + 1 || !hasToken(from, from + token.length)) {
            return false;
        }
        return hasToken(to - token.length, to);
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
