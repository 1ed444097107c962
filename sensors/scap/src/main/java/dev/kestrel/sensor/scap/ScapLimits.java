package dev.kestrel.sensor.scap;

/**
 * How much a capture may make the reader hold at once. A block longer than {@code maxBlockBytes}
 * (a corrupt length, or a metadata block of a huge host) is skipped without being read into memory
 * and counted; {@code maxRecordsPerBlock} bounds the processes, fds or users one metadata block may
 * deliver (the rest is counted as skipped). Immutable.
 *
 * @param maxBlockBytes the largest block body read into memory, in bytes
 * @param maxRecordsPerBlock the most records delivered from one metadata block
 * @param maxPendingEnters the most threads whose enter event is kept until its exit (each holds the
 *                         enter's bytes, at most one event); an enter beyond that is counted and its
 *                         exit goes without the enter's parameters
 */
public record ScapLimits(int maxBlockBytes, int maxRecordsPerBlock, int maxPendingEnters) {

    /** 64 MiB per block, 1,000,000 records per metadata block, 65,536 threads inside a call. */
    public static final ScapLimits DEFAULTS = new ScapLimits(64 << 20, 1_000_000, 65_536);

    /**
     * @throws IllegalArgumentException when a limit is not positive (the message names it)
     */
    public ScapLimits {
        if (maxBlockBytes <= 0) {
            throw new IllegalArgumentException("maxBlockBytes must be positive, was " + maxBlockBytes);
        }
        if (maxRecordsPerBlock <= 0) {
            throw new IllegalArgumentException("maxRecordsPerBlock must be positive, was " + maxRecordsPerBlock);
        }
        if (maxPendingEnters <= 0) {
            throw new IllegalArgumentException("maxPendingEnters must be positive, was " + maxPendingEnters);
        }
    }

    public ScapLimits withMaxBlockBytes(int bytes) {
        return new ScapLimits(bytes, maxRecordsPerBlock, maxPendingEnters);
    }

    public ScapLimits withMaxRecordsPerBlock(int records) {
        return new ScapLimits(maxBlockBytes, records, maxPendingEnters);
    }

    public ScapLimits withMaxPendingEnters(int threads) {
        return new ScapLimits(maxBlockBytes, maxRecordsPerBlock, threads);
    }
}
