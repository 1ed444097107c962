package dev.kestrel.sensor.scap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The data lines of a table shipped in this module's jar: blank lines and {@code #} comments left out. */
final class BundledTableLines {

    private BundledTableLines() {
    }

    /** The lines of {@code resource} (beside this class), in order; throws when the jar lacks it. */
    static List<String> read(String resource) {
        List<String> lines = new ArrayList<>();
        try (InputStream in = BundledTableLines.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the scap source's jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
