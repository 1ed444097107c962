package dev.kestrel.core.event;

/**
 * A user account as {@code user.*} fields print it, from a record in the event stream or the host.
 *
 * @param uid the user id
 * @param name the login name
 * @param home the home directory, or null
 * @param shell the login shell, or null
 */
public record UserMetadata(long uid, String name, String home, String shell) {
}
