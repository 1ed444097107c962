package dev.kestrel.testkit;

import java.util.List;
import java.util.Objects;

/**
 * A process already running when a test starts (it becomes a process snapshot). Immutable.
 *
 * @param id the name actions use for it ({@code as: was})
 * @param pid its pid; 0: the kit picks one
 * @param exe the executable's path ({@code /opt/java/openjdk/bin/java}); its base name is proc.name
 * @param args the arguments after argv[0]; never null
 * @param user the user name it runs as; null: {@code root}
 * @param container the id of its container, or null for a host process
 * @param parent the id of its parent; null: the container's first process (the container's init,
 *               itself a child of the container's containerd-shim) or, on the host, systemd (pid 1)
 * @param cwd its working directory; null: {@code /}
 * @param tty whether it has a terminal
 */
public record RunningProcess(String id, long pid, String exe, List<String> args, String user, String container,
        String parent, String cwd, boolean tty) {

    public RunningProcess {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(exe, "exe");
        args = args == null ? List.of() : List.copyOf(args);
    }

    /** A host process {@code id} running {@code exe} with {@code args}, everything else by default. */
    public static RunningProcess of(String id, String exe, String... args) {
        return new RunningProcess(id, 0, exe, List.of(args), null, null, null, null, false);
    }

    public RunningProcess withPid(long pid) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }

    public RunningProcess withUser(String user) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }

    /** This process inside container {@code container} (an id of the world's containers). */
    public RunningProcess in(String container) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }

    public RunningProcess withParent(String parent) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }

    public RunningProcess withCwd(String cwd) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }

    public RunningProcess withTty(boolean tty) {
        return new RunningProcess(id, pid, exe, args, user, container, parent, cwd, tty);
    }
}
