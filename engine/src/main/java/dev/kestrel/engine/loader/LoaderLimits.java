package dev.kestrel.engine.loader;

/**
 * Bounds that keep a hostile rules file from exhausting memory or stack: the size of a file, how
 * deeply YAML may nest, how many aliases it may use, how deeply a condition may nest, and how big
 * a rule's condition may grow once its macros are expanded. Exceeding one is a load error that
 * names the limit.
 */
public record LoaderLimits(int maxFileChars, int maxYamlDepth, int maxYamlAliases, int maxConditionDepth,
        int maxExpandedNodes) {

    /** 16 Mi characters per file, YAML depth 64, 100 aliases, condition depth 1000, 500 000 nodes. */
    public static final LoaderLimits DEFAULTS = new LoaderLimits(16 << 20, 64, 100, 1000, 500_000);

    public LoaderLimits {
        require(maxFileChars, "maxFileChars");
        require(maxYamlDepth, "maxYamlDepth");
        require(maxYamlAliases, "maxYamlAliases");
        require(maxConditionDepth, "maxConditionDepth");
        require(maxExpandedNodes, "maxExpandedNodes");
    }

    private static void require(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
