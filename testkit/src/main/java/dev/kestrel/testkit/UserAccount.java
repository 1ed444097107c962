package dev.kestrel.testkit;

import java.util.Objects;

/**
 * A user account of a test world. Users named by processes but not declared get a uid from 1000
 * up, home {@code /home/NAME} and shell {@code /bin/sh}; {@code root} is always uid 0. Immutable.
 *
 * @param name the user name
 * @param uid the uid; -1: the kit picks one
 * @param home the home directory; null: {@code /home/NAME} ({@code /root} for root)
 * @param shell the login shell; null: {@code /bin/sh}
 */
public record UserAccount(String name, long uid, String home, String shell) {

    public UserAccount {
        Objects.requireNonNull(name, "name");
    }

    public static UserAccount of(String name, long uid) {
        return new UserAccount(name, uid, null, null);
    }
}
