package dev.kestrel.core.event;

/**
 * A group as {@code group.name} prints it.
 *
 * @param gid the group id
 * @param name the group name
 */
public record GroupMetadata(long gid, String name) {
}
