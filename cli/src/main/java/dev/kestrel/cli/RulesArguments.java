package dev.kestrel.cli;

import dev.kestrel.engine.loader.RulesSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code --rules FILE} arguments of a command, reporting unreadable files in one line each. */
final class RulesArguments {

    private RulesArguments() {
    }

    /** The sources of {@code files}, or null after printing why one could not be read. */
    static List<RulesSource> read(List<String> files, PrintStream err, String command) {
        List<RulesSource> sources = new ArrayList<>();
        boolean ok = true;
        for (String f : files) {
            Path p = Path.of(f);
            try {
                if (Files.isDirectory(p)) {
                    err.println("kestrel " + command + ": " + f + " is a folder; give a rules file");
                    ok = false;
                    continue;
                }
                sources.add(RulesSource.of(p));
            } catch (NoSuchFileException e) {
                err.println("kestrel " + command + ": no such rules file: " + f);
                ok = false;
            } catch (CharacterCodingException e) {
                err.println("kestrel " + command + ": cannot read rules file " + f + ": it is not valid UTF-8 text");
                ok = false;
            } catch (IOException e) {
                err.println("kestrel " + command + ": cannot read rules file " + f + ": " + e.getMessage());
                ok = false;
            }
        }
        return ok ? sources : null;
    }
}
