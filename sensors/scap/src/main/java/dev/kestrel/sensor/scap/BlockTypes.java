package dev.kestrel.sensor.scap;

/**
 * The block types of libscap's capture format (pcapng-style blocks: type, total length, body,
 * total length again), with the names error messages use. Values from libscap's scap_savefile.h.
 */
final class BlockTypes {

    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int SECTION_MAGIC = 0x1A2B3C4D;
    static final int MAJOR_VERSION = 1;

    static final int MACHINE_INFO = 0x201;
    static final int MACHINE_INFO_INT = 0x8002ABCD;

    static final int PROCESSES_V1 = 0x202;
    static final int PROCESSES_V1_INT = 0x8000ABCD;
    static final int PROCESSES_V2 = 0x207;
    static final int PROCESSES_V2_INT = 0x8013ABCD;
    static final int PROCESSES_V3 = 0x209;
    static final int PROCESSES_V3_INT = 0x8014ABCD;
    static final int PROCESSES_V4 = 0x210;
    static final int PROCESSES_V5 = 0x211;
    static final int PROCESSES_V6 = 0x212;
    static final int PROCESSES_V7 = 0x213;
    static final int PROCESSES_V8 = 0x214;
    static final int PROCESSES_V9 = 0x215;

    static final int FDS = 0x203;
    static final int FDS_INT = 0x8001ABCD;
    static final int FDS_V2 = 0x218;

    static final int EVENTS = 0x204;
    static final int EVENTS_INT = 0x8010ABCD;
    static final int EVENTS_V2 = 0x216;
    static final int EVENTS_V2_LARGE = 0x221;
    static final int EVENTS_FLAGS = 0x208;
    static final int EVENTS_FLAGS_V2 = 0x217;
    static final int EVENTS_FLAGS_V2_LARGE = 0x222;

    static final int INTERFACES = 0x205;
    static final int INTERFACES_INT = 0x8011ABCD;
    static final int INTERFACES_V2 = 0x219;

    static final int USERS = 0x206;
    static final int USERS_INT = 0x8012ABCD;
    static final int USERS_V2 = 0x220;

    private BlockTypes() {
    }

    /** The process-list version of {@code type} (1 to 9), or 0 when it is no process list. */
    static int processListVersion(int type) {
        return switch (type) {
            case PROCESSES_V1, PROCESSES_V1_INT -> 1;
            case PROCESSES_V2, PROCESSES_V2_INT -> 2;
            case PROCESSES_V3, PROCESSES_V3_INT -> 3;
            case PROCESSES_V4 -> 4;
            case PROCESSES_V5 -> 5;
            case PROCESSES_V6 -> 6;
            case PROCESSES_V7 -> 7;
            case PROCESSES_V8 -> 8;
            case PROCESSES_V9 -> 9;
            default -> 0;
        };
    }

    static boolean isEvents(int type) {
        return switch (type) {
            case EVENTS, EVENTS_INT, EVENTS_V2, EVENTS_V2_LARGE, EVENTS_FLAGS, EVENTS_FLAGS_V2,
                    EVENTS_FLAGS_V2_LARGE -> true;
            default -> false;
        };
    }

    /** Event blocks whose event header carries the parameter count (format V2 and later). */
    static boolean hasParamCount(int type) {
        return type == EVENTS_V2 || type == EVENTS_V2_LARGE || type == EVENTS_FLAGS_V2
                || type == EVENTS_FLAGS_V2_LARGE;
    }

    /** Event blocks with 32 bits of flags after the CPU number. */
    static boolean hasFlags(int type) {
        return type == EVENTS_FLAGS || type == EVENTS_FLAGS_V2 || type == EVENTS_FLAGS_V2_LARGE;
    }

    /** Event blocks allowed past 64 KiB. */
    static boolean isLarge(int type) {
        return type == EVENTS_V2_LARGE || type == EVENTS_FLAGS_V2_LARGE;
    }

    /** The block's name as messages print it, e.g. {@code "process list V9 (0x215)"}. */
    static String name(int type) {
        String hex = " (0x" + Integer.toHexString(type) + ")";
        int pl = processListVersion(type);
        if (pl > 0) {
            return "process list V" + pl + hex;
        }
        return switch (type) {
            case SECTION_HEADER -> "section header" + hex;
            case MACHINE_INFO, MACHINE_INFO_INT -> "machine info" + hex;
            case FDS, FDS_INT -> "fd list" + hex;
            case FDS_V2 -> "fd list V2" + hex;
            case EVENTS, EVENTS_INT -> "event" + hex;
            case EVENTS_V2 -> "event V2" + hex;
            case EVENTS_V2_LARGE -> "large event V2" + hex;
            case EVENTS_FLAGS -> "event with flags" + hex;
            case EVENTS_FLAGS_V2 -> "event with flags V2" + hex;
            case EVENTS_FLAGS_V2_LARGE -> "large event with flags V2" + hex;
            case INTERFACES, INTERFACES_INT -> "interface list" + hex;
            case INTERFACES_V2 -> "interface list V2" + hex;
            case USERS, USERS_INT -> "user list" + hex;
            case USERS_V2 -> "user list V2" + hex;
            default -> "unknown block" + hex;
        };
    }
}
