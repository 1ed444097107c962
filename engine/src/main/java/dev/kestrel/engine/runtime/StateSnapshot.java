package dev.kestrel.engine.runtime;

import dev.kestrel.fields.state.StateCounters;

/**
 * The size of the state tables rebuilt from events and what they had to drop, at one moment. Immutable.
 *
 * @param threads threads in the thread table
 * @param processes processes (thread-group leaders) among them
 * @param containers container records
 * @param pods pod records
 * @param counters evictions, drops and misses since the engine was built
 */
public record StateSnapshot(long threads, long processes, long containers, long pods, StateCounters counters) {
}
