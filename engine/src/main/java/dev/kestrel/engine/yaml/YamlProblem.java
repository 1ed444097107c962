package dev.kestrel.engine.yaml;

/**
 * A problem in a YAML file at a 1-based line and column, with a sentence for the user. Immutable.
 *
 * @param file the file's name as the user gave it
 * @param line 1-based line
 * @param column 1-based column
 * @param message what is wrong, in words
 */
public record YamlProblem(String file, int line, int column, String message) {

    /** {@code file:line:column: message}. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
