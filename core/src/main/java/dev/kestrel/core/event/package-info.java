/**
 * The event model: a reusable mutable {@link dev.kestrel.core.event.Event}, the event types and their
 * parameters, and the immutable metadata records (process snapshots, containers, pods, users,
 * groups, hosts) with builders. An {@code Event} belongs to one thread at a time.
 */
package dev.kestrel.core.event;
