package dev.kestrel.engine.loader;

/**
 * Bounds that keep a hostile rules file from exhausting memory, time or stack: the size of a file
 * in bytes (checked before it is read), how deeply YAML may nest, how many aliases it may use, how
 * deeply a condition may nest, how big a rule's condition may grow once its macros are expanded, and
 * how many characters a load may produce once aliases are expanded and lists substituted. Exceeding
 * one is a load error that names the limit.
 *
 * @param maxFileBytes the largest rules file, in bytes, and the most characters its YAML may expand to
 *                     once aliases are expanded
 * @param maxYamlDepth how deeply YAML may nest
 * @param maxYamlAliases how many aliases of collections a file may use
 * @param maxConditionDepth how deeply a condition may nest
 * @param maxExpandedNodes how many nodes one condition may have once macros are expanded
 * @param maxExpandedChars the most characters the conditions of all macros and rules of a load may
 *                         have together once lists are substituted
 */
public record LoaderLimits(int maxFileBytes, int maxYamlDepth, int maxYamlAliases, int maxConditionDepth,
        int maxExpandedNodes, int maxExpandedChars) {

    /** 16 MiB per file, YAML depth 64, 100 aliases, condition depth 1000, 500 000 nodes, 4 Mi characters of conditions. */
    public static final LoaderLimits DEFAULTS = new LoaderLimits(16 << 20, 64, 100, 1000, 500_000, 4 << 20);

    public LoaderLimits {
        require(maxFileBytes, "maxFileBytes");
        require(maxYamlDepth, "maxYamlDepth");
        require(maxYamlAliases, "maxYamlAliases");
        require(maxConditionDepth, "maxConditionDepth");
        require(maxExpandedNodes, "maxExpandedNodes");
        require(maxExpandedChars, "maxExpandedChars");
    }

    private static void require(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
