package dev.kestrel.response;

import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a response rules file as the rules files are read: refused by its type (a directory, a device such as
 * {@code /dev/zero}, a FIFO) and its size before anything is read, and unless it is UTF-8 text. Stateless.
 */
final class ResponseRulesFile {

    /** The most a response rules file may hold, as a Falco rules file by default. */
    static final int MAX_BYTES = 16 << 20;

    private ResponseRulesFile() {
    }

    /** The text of {@code file}; an IOException says why it cannot be had ({@link BoundedTextFile#whyUnreadable}). */
    static String text(Path file) throws IOException {
        return BoundedTextFile.read(file, MAX_BYTES, "response rules file",
                "of " + (MAX_BYTES >> 20) + " MiB for response rules files");
    }
}
