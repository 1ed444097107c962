/**
 * The system state Kestrel rebuilds from events: threads and processes, their fds, users,
 * containers and pods, each table bounded ({@link dev.kestrel.fields.state.StateLimits}) with
 * evictions counted. Not thread-safe: the engine applies one event at a time.
 */
package dev.kestrel.fields.state;
