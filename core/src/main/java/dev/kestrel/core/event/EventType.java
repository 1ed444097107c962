package dev.kestrel.core.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The event types Kestrel knows, named as Falco names them in {@code evt.type}. The ordinal is the
 * index used by the engine's event-type buckets.
 * TODO(fields issue): extend to Falco's full event-name table.
 */
public enum EventType {
    CLONE, CLONE3, FORK, VFORK, EXECVE, EXECVEAT, PROCEXIT,
    OPEN, OPENAT, OPENAT2, CREAT, CLOSE, DUP, DUP2, DUP3,
    SOCKET, CONNECT, ACCEPT, ACCEPT4, BIND, LISTEN, SENDTO, RECVFROM, READ, WRITE,
    RENAME, RENAMEAT, RENAMEAT2, UNLINK, UNLINKAT, MKDIR, MKDIRAT, RMDIR,
    SYMLINK, SYMLINKAT, LINK, LINKAT, CHMOD, FCHMOD, FCHMODAT,
    SETUID, SETGID, SETRESUID, SETRESGID, PTRACE, MEMFD_CREATE, INIT_MODULE, FINIT_MODULE,
    CHDIR, FCHDIR, MMAP, MPROTECT;

    private static final Map<String, EventType> BY_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_NAME.put(t.falcoName(), t);
        }
    }

    /** The name as written in conditions, e.g. {@code openat}. */
    public String falcoName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The type named {@code name}, or null when Falco knows no such event. */
    public static EventType fromName(String name) {
        return BY_NAME.get(name);
    }
}
