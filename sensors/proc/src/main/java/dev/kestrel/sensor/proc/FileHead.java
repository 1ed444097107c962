package dev.kestrel.sensor.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The first bytes of a file, read without reading the rest, and whether there was more ({@code cut}).
 * For the files of {@code /proc}, whose size a process can choose (its command line) or the host sets.
 */
record FileHead(byte[] bytes, boolean cut) {

    /**
     * At most {@code maxBytes} bytes of {@code file} opened with {@code options} (such as
     * {@code NOFOLLOW_LINKS}), or null when it cannot be read (gone, not permitted, a link refused).
     */
    static FileHead read(Path file, int maxBytes, OpenOption... options) {
        try (InputStream in = Files.newInputStream(file, options)) {
            byte[] b = in.readNBytes(maxBytes);
            return new FileHead(b, b.length == maxBytes && in.read() >= 0);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The bytes as UTF-8 text. */
    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The text without a last line the cut ended in the middle of (all of it when not cut). */
    String wholeLines() {
        if (!cut) {
            return text();
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** The lines of {@link #wholeLines}, empty ones left out. */
    List<String> nonEmptyLines() {
        return wholeLines().lines().filter(l -> !l.isEmpty()).toList();
    }
}
