package dev.kestrel.engine.sink;

/**
 * What one output did with the alerts it accepted: {@code delivered}, {@code failed} (given up after
 * retries, refused by the server, or still undelivered when the output closed), {@code dropped} (did
 * not fit in its buffer, or arrived after close) and {@code pending} (still buffered or in flight).
 * {@code retried} counts re-sends (one per alert per retry). Once closed, pending is zero and
 * {@code accepted == delivered + failed + dropped}. Immutable.
 */
public record OutputCounters(String output, long accepted, long delivered, long retried, long failed,
        long dropped, long pending) {

    /** {@code delivered + failed + dropped + pending}; equals {@link #accepted()} at every snapshot. */
    public long accounted() {
        return delivered + failed + dropped + pending;
    }
}
