package dev.kestrel.core.event.jsonl;

/**
 * How much of an events stream the JSON Lines reader holds at once. A line longer than
 * {@code maxLineBytes} is skipped and counted with its line number without being read into memory
 * whole; a string parameter longer than {@code maxStringBytes} is cut there (at a character boundary,
 * as strace cuts with {@code -s}) and marked as cut ({@link dev.kestrel.core.event.Event#isCut}).
 * Immutable; both limits are in bytes of UTF-8 and must be positive.
 *
 * @param maxLineBytes   longest line read, in bytes without the line end (default 1 MiB)
 * @param maxStringBytes longest string parameter kept, in bytes (default 4 KiB)
 */
public record EventReadLimits(int maxLineBytes, int maxStringBytes) {

    /** 1 MiB lines, 4 KiB string parameters. */
    public static final EventReadLimits DEFAULTS = new EventReadLimits(1 << 20, 4096);

    /** @throws IllegalArgumentException when a limit is not positive */
    public EventReadLimits {
        if (maxLineBytes <= 0 || maxStringBytes <= 0) {
            throw new IllegalArgumentException("event read limits must be positive, got maxLineBytes="
                    + maxLineBytes + ", maxStringBytes=" + maxStringBytes);
        }
    }

    /** These limits with another longest line. */
    public EventReadLimits withMaxLineBytes(int bytes) {
        return new EventReadLimits(bytes, maxStringBytes);
    }

    /** These limits with another longest string parameter. */
    public EventReadLimits withMaxStringBytes(int bytes) {
        return new EventReadLimits(maxLineBytes, bytes);
    }
}
