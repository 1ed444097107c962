package dev.kestrel.engine.loader;

/**
 * Bounds on one YAML file: its size in characters, how deeply it may nest and how many aliases it
 * may use. Immutable.
 */
public record YamlLimits(int maxChars, int maxDepth, int maxAliases) {

    public YamlLimits {
        if (maxChars < 1 || maxDepth < 1 || maxAliases < 0) {
            throw new IllegalArgumentException("YAML limits must be positive: " + maxChars + ", " + maxDepth + ", " + maxAliases);
        }
    }
}
