package dev.kestrel.response;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} actions at once, refilled at {@code perSecond}. Thread-safe.
 */
final class RateLimiter {

    private final double perNano;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    RateLimiter(double perSecond, int burst, LongSupplier clock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1, was "
                    + perSecond + "/s and " + burst);
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    synchronized boolean tryAcquire() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
