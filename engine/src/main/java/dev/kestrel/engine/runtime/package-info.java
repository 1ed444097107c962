/**
 * The {@link dev.kestrel.engine.runtime.Kestrel} facade a host embeds, its builder, counters and
 * results. A built {@code Kestrel} is thread-safe.
 */
package dev.kestrel.engine.runtime;
