package dev.kestrel.fields.state;

import java.time.Duration;

/**
 * The bounds of the system state, so a flood of events can slow Kestrel down but never exhaust the
 * heap. When a table is full the stalest entries go first, and never a process that still has live
 * children; every eviction is counted.
 *
 * @param maxThreads most threads kept (all processes together)
 * @param maxFdsPerProcess most open fds kept per process
 * @param maxContainers most containers kept
 * @param maxPods most pods kept
 * @param maxUsers most users and groups kept
 * @param threadTimeout a thread with no event for this long is purged (Falco purges idle threads too)
 * @param purgeInterval how often (in event time) stale threads are looked for
 * @param metadataExpiry container and pod metadata unused for this long is dropped
 */
public record StateLimits(int maxThreads, int maxFdsPerProcess, int maxContainers, int maxPods, int maxUsers,
                          Duration threadTimeout, Duration purgeInterval, Duration metadataExpiry) {

    /** Defaults close to Falco's: 131072 threads, 4096 fds per process, idle threads purged after 30 min. */
    public static final StateLimits DEFAULTS = new StateLimits(131_072, 4_096, 8_192, 8_192, 16_384,
            Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(1));

    public StateLimits {
        require(maxThreads, "maxThreads");
        require(maxFdsPerProcess, "maxFdsPerProcess");
        require(maxContainers, "maxContainers");
        require(maxPods, "maxPods");
        require(maxUsers, "maxUsers");
        requirePositive(threadTimeout, "threadTimeout");
        requirePositive(purgeInterval, "purgeInterval");
        requirePositive(metadataExpiry, "metadataExpiry");
    }

    private static void require(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    public StateLimits withMaxThreads(int n) {
        return new StateLimits(n, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry);
    }

    public StateLimits withMaxFdsPerProcess(int n) {
        return new StateLimits(maxThreads, n, maxContainers, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry);
    }

    public StateLimits withMaxContainers(int n) {
        return new StateLimits(maxThreads, maxFdsPerProcess, n, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry);
    }

    public StateLimits withMaxPods(int n) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, n, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry);
    }

    public StateLimits withThreadTimeout(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, d, purgeInterval,
                metadataExpiry);
    }

    public StateLimits withPurgeInterval(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout, d,
                metadataExpiry);
    }

    public StateLimits withMetadataExpiry(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout,
                purgeInterval, d);
    }
}
