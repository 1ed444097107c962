package dev.kestrel.fields.state;

import dev.kestrel.core.event.EventType;

/**
 * Parameter slots by event type, resolved once at class load, so applying an event never looks a
 * parameter up by name: {@code Slots.FD[type.ordinal()]} is the slot of {@code fd} (or -1).
 */
final class Slots {

    static final int[] FD = of("fd");
    static final int[] UID = of("uid");
    static final int[] FLAGS = of("flags");
    static final int[] TUPLE = of("tuple");
    static final int[] PGID = of("pgid");
    static final int[] GID = of("gid");
    static final int[] VTID = of("vtid");
    static final int[] NAME = of("name");
    static final int[] INO = of("ino");
    static final int[] EXE = of("exe");
    static final int[] EUID = of("euid");
    static final int[] CWD = of("cwd");
    static final int[] COMM = of("comm");
    static final int[] CAP_EFFECTIVE = of("cap_effective");
    static final int[] ARGS = of("args");
    static final int[] ADDR = of("addr");
    static final int[] VPID = of("vpid");
    static final int[] VPGID = of("vpgid");
    static final int[] TYPE = of("type");
    static final int[] TTY = of("tty");
    static final int[] TRUSTED_EXEPATH = of("trusted_exepath");
    static final int[] SID = of("sid");
    static final int[] REAPER_TID = of("reaper_tid");
    static final int[] PTID = of("ptid");
    static final int[] PROTO = of("proto");
    static final int[] PID = of("pid");
    static final int[] PATHNAME = of("pathname");
    static final int[] PATH = of("path");
    static final int[] OLDFD = of("oldfd");
    static final int[] LOGINUID = of("loginuid");
    static final int[] FILENAME = of("filename");
    static final int[] FD2 = of("fd2");
    static final int[] FD1 = of("fd1");
    static final int[] EXE_INO_MTIME = of("exe_ino_mtime");
    static final int[] EXE_INO_CTIME = of("exe_ino_ctime");
    static final int[] EXE_INO = of("exe_ino");
    static final int[] ENV = of("env");
    static final int[] EGID = of("egid");
    static final int[] DOMAIN = of("domain");
    static final int[] DIRFD = of("dirfd");
    static final int[] DEV = of("dev");
    static final int[] CONTAINER_ID = of("container_id");
    static final int[] CMD = of("cmd");
    static final int[] CGROUPS = of("cgroups");
    static final int[] CAP_PERMITTED = of("cap_permitted");
    static final int[] CAP_INHERITABLE = of("cap_inheritable");

    private Slots() {
    }

    private static int[] of(String name) {
        EventType[] types = EventType.values();
        int[] slots = new int[types.length];
        for (EventType t : types) {
            slots[t.ordinal()] = t.slotIfPresent(name);
        }
        return slots;
    }
}
