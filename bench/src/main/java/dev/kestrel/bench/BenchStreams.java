package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamGenerator;

/** The stream every benchmark measures on: one seed and one size, so results are comparable. */
public final class BenchStreams {
    /** The generator seed of every benchmark. */
    public static final long SEED = 20_260_101L;
    /**
     * Events in the replayed body (property {@code kestrel.bench.events} overrides it). Large enough
     * that the mix holds every activity and a few dozen rule triggers and that branch predictors cannot
     * learn it; small enough (a few MB of events and contexts) to stay in the L3 cache, as a live event
     * does when a sensor has just filled it: with 100,000 events the benchmark would mostly time cache
     * misses on event objects no real pipeline would have.
     */
    public static final int BODY_EVENTS = Integer.getInteger("kestrel.bench.events", 8_192);
    /** Events per benchmark operation; scores are divided by it, so they read as per event. */
    public static final int BATCH = 1_000;

    private BenchStreams() {
    }

    /** The benchmark stream. */
    public static GeneratedStream stream() {
        return StreamGenerator.of(SEED, BODY_EVENTS);
    }
}
