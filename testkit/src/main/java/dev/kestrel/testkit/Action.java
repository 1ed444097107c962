package dev.kestrel.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happens in a test world, expanded to the syscall events Falco would see. Every
 * action but {@link RawEvent} is done {@code as} a process, named by its id (or its pid as text).
 * Immutable values; the withers return copies.
 */
public sealed interface Action {

    /** The id (or pid) of the process doing it; null only for a raw event without one. */
    String as();

    /** {@code clone} in {@code as}, then {@code execve} of {@code exe} in the child. */
    static Spawn spawn(String as, String exe, String... args) {
        return new Spawn(as, exe, List.of(args), null, null, null, null, false);
    }

    /** {@code openat} of {@code path} for reading. */
    static Open open(String as, String path) {
        return new Open(as, path, false);
    }

    /** {@code openat} of {@code path} for writing ({@code O_WRONLY|O_CREAT|O_TRUNC}). */
    static Open write(String as, String path) {
        return new Open(as, path, true);
    }

    /** {@code socket} then {@code connect} to {@code address} ({@code 203.0.113.7:4444}, {@code [2001:db8::1]:443}), TCP. */
    static Connect connect(String as, String address) {
        return new Connect(as, address, false);
    }

    /** {@code execve} of {@code exe} in place (the process keeps its pid). */
    static Exec exec(String as, String exe, String... args) {
        return new Exec(as, exe, List.of(args), false);
    }

    /** {@code procexit}: the process ends. */
    static Exit exit(String as) {
        return new Exit(as);
    }

    /** Any event of the JSON Lines format, as a JSON object's entries (numbers as Long). */
    static RawEvent event(Map<String, Object> json) {
        return new RawEvent(null, json);
    }

    /** An event of the JSON Lines format done by {@code as}: its {@code tid} and {@code pid} are filled in. */
    static RawEvent event(String as, Map<String, Object> json) {
        return new RawEvent(as, json);
    }

    /**
     * A new process: {@code clone} in {@code as}, {@code execve} in the child.
     *
     * @param id the id later actions use for the child; null: it needs none
     * @param tty true: the child gets a terminal; false: it has none; null: it keeps its parent's
     * @param container a container id: the child starts in that container (a runtime such as runc
     *                  starting a container's process); null: it stays in its parent's
     * @param user the user it runs as; null: its parent's
     * @param dropped true: the binary was written at run time (the container's upper layer)
     */
    record Spawn(String as, String exe, List<String> args, String id, Boolean tty, String container, String user,
            boolean dropped) implements Action {
        public Spawn {
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(exe, "exe");
            args = args == null ? List.of() : List.copyOf(args);
        }

        public Spawn withId(String id) {
            return new Spawn(as, exe, args, id, tty, container, user, dropped);
        }

        public Spawn withTty(boolean tty) {
            return new Spawn(as, exe, args, id, tty, container, user, dropped);
        }

        public Spawn inContainer(String container) {
            return new Spawn(as, exe, args, id, tty, container, user, dropped);
        }

        public Spawn withUser(String user) {
            return new Spawn(as, exe, args, id, tty, container, user, dropped);
        }

        public Spawn withDropped(boolean dropped) {
            return new Spawn(as, exe, args, id, tty, container, user, dropped);
        }
    }

    /** {@code openat} of {@code path}: for reading, or for writing when {@code write}. */
    record Open(String as, String path, boolean write) implements Action {
        public Open {
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(path, "path");
        }
    }

    /** {@code socket} and {@code connect} to {@code address}, over UDP when {@code udp}. */
    record Connect(String as, String address, boolean udp) implements Action {
        public Connect {
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(address, "address");
        }

        public Connect withUdp(boolean udp) {
            return new Connect(as, address, udp);
        }
    }

    /** {@code execve} in place; {@code dropped} as for {@link Spawn}. */
    record Exec(String as, String exe, List<String> args, boolean dropped) implements Action {
        public Exec {
            Objects.requireNonNull(as, "as");
            Objects.requireNonNull(exe, "exe");
            args = args == null ? List.of() : List.copyOf(args);
        }

        public Exec withDropped(boolean dropped) {
            return new Exec(as, exe, args, dropped);
        }
    }

    /** {@code procexit} of the process. */
    record Exit(String as) implements Action {
        public Exit {
            Objects.requireNonNull(as, "as");
        }
    }

    /**
     * An event of the JSON Lines format as written ({@code {"type": "unlinkat", "tid": 4100, ...}});
     * a missing {@code ts} is the next tick, and when {@code as} is given a missing {@code tid} and
     * {@code pid} are that process's.
     */
    record RawEvent(String as, Map<String, Object> json) implements Action {
        public RawEvent {
            json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
        }
    }
}
