package dev.kestrel.engine.loader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The text of one rules file and the name used for it in diagnostics (usually its path). */
public record RulesSource(String name, String content) {

    /** Reads a rules file; the name is the path as given. */
    public static RulesSource of(Path path) throws IOException {
        return new RulesSource(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }
}
