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
 * @param maxBytes the heap the process, thread and fd tables may hold together (estimated); past it
 *                 the least recently active processes are evicted
 * @param maxFdNameBytes the longest fd name kept, in UTF-8 bytes; longer names are cut
 */
public record StateLimits(int maxThreads, int maxFdsPerProcess, int maxContainers, int maxPods, int maxUsers,
                          Duration threadTimeout, Duration purgeInterval, Duration metadataExpiry,
                          long maxBytes, int maxFdNameBytes) {

    /**
     * Defaults close to Falco's: 131072 threads, 4096 fds per process, idle threads purged after 30
     * min; 256 MiB for the tables together, fd names up to 4096 bytes (PATH_MAX).
     */
    public static final StateLimits DEFAULTS = new StateLimits(131_072, 4_096, 8_192, 8_192, 16_384,
            Duration.ofMinutes(30), Duration.ofMinutes(1), Duration.ofHours(1), 256L << 20, 4096);

    /** The limits before bytes were bounded: entries and times only, with the default byte bounds. */
    public StateLimits(int maxThreads, int maxFdsPerProcess, int maxContainers, int maxPods, int maxUsers,
            Duration threadTimeout, Duration purgeInterval, Duration metadataExpiry) {
        this(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry, 256L << 20, 4096);
    }

    public StateLimits {
        require(maxThreads, "maxThreads");
        require(maxFdsPerProcess, "maxFdsPerProcess");
        require(maxContainers, "maxContainers");
        require(maxPods, "maxPods");
        require(maxUsers, "maxUsers");
        requirePositive(threadTimeout, "threadTimeout");
        requirePositive(purgeInterval, "purgeInterval");
        requirePositive(metadataExpiry, "metadataExpiry");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        require(maxFdNameBytes, "maxFdNameBytes");
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
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withMaxFdsPerProcess(int n) {
        return new StateLimits(maxThreads, n, maxContainers, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withMaxContainers(int n) {
        return new StateLimits(maxThreads, maxFdsPerProcess, n, maxPods, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withMaxPods(int n) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, n, maxUsers, threadTimeout, purgeInterval,
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withThreadTimeout(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, d, purgeInterval,
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withPurgeInterval(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout, d,
                metadataExpiry,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withMetadataExpiry(Duration d) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout,
                purgeInterval, d,
                maxBytes, maxFdNameBytes);
    }

    public StateLimits withMaxBytes(long bytes) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout,
                purgeInterval, metadataExpiry, bytes, maxFdNameBytes);
    }

    public StateLimits withMaxFdNameBytes(int bytes) {
        return new StateLimits(maxThreads, maxFdsPerProcess, maxContainers, maxPods, maxUsers, threadTimeout,
                purgeInterval, metadataExpiry, maxBytes, bytes);
    }
}
