package dev.kestrel.outputs;

import dev.kestrel.engine.config.ConfigNode;
import java.time.Duration;
import java.util.Set;

/**
 * How one output buffers, batches, retries and gives up. Every bound has a default and is counted
 * when hit: an alert that does not fit in the buffer (by count or bytes) is dropped; one that is not
 * delivered after {@code maxAttempts} tries or {@code maxAge} is failed. Immutable.
 *
 * @param bufferAlerts most alerts waiting for delivery
 * @param bufferBytes most bytes (encoded payloads) waiting for delivery
 * @param maxAttempts tries per alert (or batch), the first included
 * @param maxAge how long after its first try an alert may still be retried
 * @param initialBackoff the wait before the first retry; doubles each retry, with jitter
 * @param maxBackoff the longest wait between two tries (a server's Retry-After may ask for more, within maxAge)
 * @param connectTimeout how long connecting may take
 * @param requestTimeout how long a request may wait for the server's answer
 * @param flushTimeout how long {@code close()} waits for buffered alerts to be delivered
 * @param batchAlerts most alerts sent in one request (1: one request per alert)
 * @param batchAge how long the first alert of a batch waits for others before the batch is sent
 */
public record DeliveryLimits(int bufferAlerts, long bufferBytes, int maxAttempts, Duration maxAge,
        Duration initialBackoff, Duration maxBackoff, Duration connectTimeout, Duration requestTimeout,
        Duration flushTimeout, int batchAlerts, Duration batchAge) {

    /** 10,000 alerts or 16 MiB buffered; 5 tries within 60 s, backoff 0.5 s to 30 s; 5 s connect, 10 s request, 5 s flush; no batching. */
    public static final DeliveryLimits DEFAULTS = new DeliveryLimits(10_000, 16L << 20, 5, Duration.ofSeconds(60),
            Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(5), 1, Duration.ZERO);

    /** The keys of a {@code delivery:} mapping in an output section. */
    static final Set<String> KEYS = Set.of("buffer_alerts", "buffer_bytes", "max_attempts", "max_age_ms",
            "initial_backoff_ms", "max_backoff_ms", "connect_timeout_ms", "timeout_ms", "flush_timeout_ms",
            "batch_alerts", "batch_age_ms");

    public DeliveryLimits {
        positive(bufferAlerts, "bufferAlerts");
        positive(bufferBytes, "bufferBytes");
        positive(maxAttempts, "maxAttempts");
        positive(batchAlerts, "batchAlerts");
        for (Duration d : new Duration[] {maxAge, initialBackoff, maxBackoff, connectTimeout, requestTimeout, flushTimeout, batchAge}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("delivery durations must not be negative or null");
            }
        }
        if (connectTimeout.isZero() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("connect and request timeouts must be positive");
        }
    }

    /** These limits with batches of up to {@code alerts}, sent at the latest {@code age} after the first alert. */
    public DeliveryLimits withBatch(int alerts, Duration age) {
        return new DeliveryLimits(bufferAlerts, bufferBytes, maxAttempts, maxAge, initialBackoff, maxBackoff,
                connectTimeout, requestTimeout, flushTimeout, alerts, age);
    }

    /** These limits with other timeouts (request and flush). */
    public DeliveryLimits withTimeouts(Duration request, Duration flush) {
        return new DeliveryLimits(bufferAlerts, bufferBytes, maxAttempts, maxAge, initialBackoff, maxBackoff,
                connectTimeout, request, flush, batchAlerts, batchAge);
    }

    /** These limits with another retry policy. */
    public DeliveryLimits withRetries(int attempts, Duration age, Duration initial, Duration max) {
        return new DeliveryLimits(bufferAlerts, bufferBytes, attempts, age, initial, max,
                connectTimeout, requestTimeout, flushTimeout, batchAlerts, batchAge);
    }

    /** These limits with another buffer size. */
    public DeliveryLimits withBuffer(int alerts, long bytes) {
        return new DeliveryLimits(alerts, bytes, maxAttempts, maxAge, initialBackoff, maxBackoff,
                connectTimeout, requestTimeout, flushTimeout, batchAlerts, batchAge);
    }

    /** Reads the optional {@code delivery:} mapping of {@code section}, starting from {@code base}. */
    static DeliveryLimits read(ConfigNode section, DeliveryLimits base) {
        ConfigNode d = section.section("delivery");
        if (d == null) {
            return base;
        }
        d.checkKeys(KEYS, Set.of());
        return new DeliveryLimits(
                (int) d.number("buffer_alerts", base.bufferAlerts(), 1, 10_000_000),
                d.number("buffer_bytes", base.bufferBytes(), 1024, 1L << 34),
                (int) d.number("max_attempts", base.maxAttempts(), 1, 100),
                ms(d, "max_age_ms", base.maxAge(), 0),
                ms(d, "initial_backoff_ms", base.initialBackoff(), 0),
                ms(d, "max_backoff_ms", base.maxBackoff(), 0),
                ms(d, "connect_timeout_ms", base.connectTimeout(), 1),
                ms(d, "timeout_ms", base.requestTimeout(), 1),
                ms(d, "flush_timeout_ms", base.flushTimeout(), 0),
                (int) d.number("batch_alerts", base.batchAlerts(), 1, 100_000),
                ms(d, "batch_age_ms", base.batchAge(), 0));
    }

    private static Duration ms(ConfigNode d, String key, Duration dflt, long min) {
        return Duration.ofMillis(d.number(key, dflt.toMillis(), min, 86_400_000L));
    }

    private static void positive(long v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + v);
        }
    }

    /** The settings as {@code kestrel config --check} prints them. */
    String describe() {
        return "buffer " + bufferAlerts + " alerts / " + bufferBytes + " bytes, " + maxAttempts + " attempts within "
                + maxAge.toMillis() + " ms, backoff " + initialBackoff.toMillis() + ".." + maxBackoff.toMillis()
                + " ms, timeouts connect " + connectTimeout.toMillis() + " ms / request " + requestTimeout.toMillis()
                + " ms / flush " + flushTimeout.toMillis() + " ms" + (batchAlerts > 1 ? ", batches of " + batchAlerts
                + " alerts or " + batchAge.toMillis() + " ms" : "");
    }
}
