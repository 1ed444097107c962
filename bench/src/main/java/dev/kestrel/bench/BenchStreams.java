package dev.kestrel.bench;

/** The stream every benchmark measures on: one seed and one size, so results are comparable. */
public final class BenchStreams {
    /** The generator seed of every benchmark. */
    public static final long SEED = 20_260_101L;
    /** Events in the replayed body: large enough to defeat branch-predictor memorisation, small enough to fit in cache-friendly arrays. */
    public static final int BODY_EVENTS = 100_000;

    private BenchStreams() {
    }
}
