package dev.kestrel.engine.loader;

import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.nio.file.Path;

/** The text of one rules file and the name used for it in diagnostics (usually its path). */
public record RulesSource(String name, String content) {

    /** Reads a rules file of at most the default 16 MiB; the name is the path as given. */
    public static RulesSource of(Path path) throws IOException {
        return of(path, LoaderLimits.DEFAULTS.maxFileBytes());
    }

    /**
     * Reads a rules file; the name is the path as given. Directories, devices, named pipes and files
     * larger than {@code maxBytes} are refused before they are read.
     *
     * @throws IOException with a sentence saying why the file cannot be used
     */
    public static RulesSource of(Path path, int maxBytes) throws IOException {
        return new RulesSource(path.toString(), BoundedTextFile.read(path, maxBytes, "rules file", "maxRulesFileBytes"));
    }
}
