package dev.kestrel.core.event.jsonl;

/**
 * The bounds one {@link EventJsonReader} applies, checked once when the reader is made. Hosts set
 * them through {@code KestrelLimits} (engine) or the reader's constructor; this value stays inside
 * the package. Immutable.
 *
 * @param maxLineBytes   longest line read, in bytes without the line end
 * @param maxStringBytes longest string parameter kept, in bytes
 * @param maxJsonDepth   deepest nesting of objects and arrays in a line
 */
record EventReadLimits(int maxLineBytes, int maxStringBytes, int maxJsonDepth) {

    /** The reader's defaults: 1 MiB lines, 4 KiB string parameters, 512 levels. */
    static final EventReadLimits DEFAULTS = new EventReadLimits(EventJsonReader.DEFAULT_MAX_LINE_BYTES,
            EventJsonReader.DEFAULT_MAX_STRING_BYTES, EventJsonReader.DEFAULT_MAX_JSON_DEPTH);

    /** @throws IllegalArgumentException when a limit is out of its range (the message names it) */
    EventReadLimits {
        if (maxLineBytes <= 0 || maxStringBytes <= 0) {
            throw new IllegalArgumentException("event read limits must be positive, got maxLineBytes="
                    + maxLineBytes + ", maxStringBytes=" + maxStringBytes);
        }
        if (maxJsonDepth < EventJsonReader.MIN_JSON_DEPTH || maxJsonDepth > EventJsonReader.MAX_JSON_DEPTH) {
            throw new IllegalArgumentException("maxJsonDepth must be between " + EventJsonReader.MIN_JSON_DEPTH
                    + " and " + EventJsonReader.MAX_JSON_DEPTH + ", was " + maxJsonDepth);
        }
    }

    /** These limits with another longest string parameter. */
    EventReadLimits withMaxStringBytes(int bytes) {
        return new EventReadLimits(maxLineBytes, bytes, maxJsonDepth);
    }
}
