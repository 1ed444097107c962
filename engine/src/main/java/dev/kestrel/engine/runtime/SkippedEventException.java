package dev.kestrel.engine.runtime;

/** An event Kestrel cannot use; the reason is counted under {@link KestrelCounters#skippedByReason()}. */
final class SkippedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SkippedEventException(String reason) {
        super(reason, null, false, false);
    }
}
