package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ParamKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * libscap's event table (every event code, enter and exit, every version, with its parameters and
 * their types), joined once with Kestrel's {@link EventType} schemas: for each code, which Kestrel
 * type it is and into which slot each parameter goes, decoded how. Immutable and shared.
 */
final class EventTable {

    private static final String RESOURCE = "scap-events.txt";

    /** How one parameter is decoded. */
    enum Decode {
        /** Not used by Kestrel: skipped. */
        SKIP,
        /** A signed integer of the parameter's width. */
        SIGNED,
        /** An unsigned integer of the parameter's width. */
        UNSIGNED,
        /** A 32-bit user or group id, all ones meaning none (-1). */
        ID32,
        /** Flags in libscap's numbering, translated to Linux values. */
        FLAGS,
        /** A NUL-terminated string. */
        STRING,
        /** NUL-separated strings (arguments, environment, cgroups). */
        LIST,
        /** Raw bytes shown as text, unprintable bytes as dots (I/O buffers). */
        BYTES,
        /** A socket address: family byte, then address and port, or a unix path. */
        SOCKADDR,
        /** A socket tuple: family byte, then both ends, or a unix path. */
        SOCKTUPLE,
        /** A capability bit set, stored as names. */
        CAPABILITIES
    }

    /** One event code: libscap's description and how it lands in a Kestrel {@link dev.kestrel.core.event.Event}. */
    static final class Spec {
        final int code;
        final boolean enter;
        final String name;
        final boolean largePayload;
        final String[] paramNames;
        final String[] paramTypes;
        final int[] widths;
        /** The Kestrel type, or null when Kestrel has no type of this name. */
        final EventType type;
        final int[] slots;
        final Decode[] decode;
        final FlagTranslation[] flags;
        /** True when the first parameter is the call's return value (exit events with res, fd or pid first). */
        final boolean firstIsResult;
        /** The parameter holding the caller's pid (clone and execve exits), or -1. */
        final int pidParam;
        /** True for the container metadata events. */
        final boolean container;

        Spec(int code, boolean enter, String name, boolean largePayload, String[] paramNames, String[] paramTypes,
             Map<String, Map<String, Long>> flagTables) {
            this.code = code;
            this.enter = enter;
            this.name = name;
            this.largePayload = largePayload;
            this.paramNames = paramNames;
            int n = paramNames.length;
            this.paramTypes = new String[n];
            this.widths = new int[n];
            this.slots = new int[n];
            this.decode = new Decode[n];
            this.flags = new FlagTranslation[n];
            this.container = name.equals("container");
            this.type = container ? null : EventType.fromName(name);
            int pid = -1;
            for (int i = 0; i < n; i++) {
                String t = paramTypes[i];
                String table = null;
                int slash = t.indexOf('/');
                if (slash >= 0) {
                    table = t.substring(slash + 1);
                    t = t.substring(0, slash);
                }
                this.paramTypes[i] = t;
                widths[i] = width(t);
                slots[i] = -1;
                decode[i] = Decode.SKIP;
                if (type != null && (type.isClone() || type.isExec()) && paramNames[i].equals("pid")) {
                    pid = i;
                }
                EventParam p = type == null ? null : type.param(paramNames[i]);
                if (p != null) {
                    Decode d = decodeFor(t, p);
                    if (d == Decode.FLAGS) {
                        Map<String, Long> ppm = table == null ? null : flagTables.get(table);
                        if (ppm == null || p.flags() == null) {
                            d = Decode.UNSIGNED;
                        } else {
                            flags[i] = FlagTranslation.of(table, ppm, p.flags());
                        }
                    }
                    decode[i] = d;
                    slots[i] = d == Decode.SKIP ? -1 : p.slot();
                }
            }
            this.pidParam = enter ? -1 : pid;
            this.firstIsResult = !enter && n > 0
                    && (this.paramTypes[0].equals("errno") || this.paramTypes[0].equals("fd")
                    || this.paramTypes[0].equals("pid"));
        }

        /** {@code openat} (exit) or {@code openat} (enter), for messages. */
        String describe() {
            return name + (enter ? " (enter" : " (exit") + ", event code " + code + ")";
        }
    }

    private final Spec[] byCode;

    private EventTable(Spec[] byCode) {
        this.byCode = byCode;
    }

    /** The spec of {@code code}, or null when libscap's table as Kestrel carries it has no such code. */
    Spec spec(int code) {
        return code >= 0 && code < byCode.length ? byCode[code] : null;
    }

    int size() {
        return byCode.length;
    }

    /** Loads the table shipped with this module. */
    static EventTable load() {
        Map<String, Map<String, Long>> flagTables = FlagTranslation.loadTables();
        List<Spec> specs = new ArrayList<>();
        int max = -1;
        for (String line : BundledTableLines.read(RESOURCE)) {
            String[] parts = line.split(" ", 5);
            int code = Integer.parseInt(parts[0]);
            boolean enter = parts[1].equals("E");
            String name = parts[2];
            boolean large = parts[3].contains("large");
            if (parts[3].contains("unused")) {
                continue;
            }
            String[] params = parts.length > 4 && !parts[4].isBlank() ? parts[4].trim().split(" ") : new String[0];
            String[] names = new String[params.length];
            String[] types = new String[params.length];
            for (int i = 0; i < params.length; i++) {
                int colon = params[i].indexOf(':');
                names[i] = params[i].substring(0, colon);
                types[i] = params[i].substring(colon + 1);
            }
            specs.add(new Spec(code, enter, name, large, names, types, flagTables));
            max = Math.max(max, code);
        }
        Spec[] byCode = new Spec[max + 1];
        for (Spec s : specs) {
            byCode[s.code] = s;
        }
        return new EventTable(byCode);
    }

    private static Decode decodeFor(String libsType, EventParam p) {
        ParamKind kind = p.kind();
        boolean number = width(libsType) > 0;
        if (p.name().startsWith("cap_") && number) {
            return kind == ParamKind.TEXT ? Decode.CAPABILITIES : Decode.UNSIGNED;
        }
        return switch (libsType) {
            case "sockaddr" -> kind == ParamKind.SOCKADDR || kind == ParamKind.TUPLE || kind == ParamKind.TEXT
                    ? Decode.SOCKADDR : Decode.SKIP;
            case "socktuple" -> kind == ParamKind.TUPLE || kind == ParamKind.SOCKADDR || kind == ParamKind.TEXT
                    ? Decode.SOCKTUPLE : Decode.SKIP;
            case "charbuf", "fspath", "fsrelpath" -> kind == ParamKind.LIST ? Decode.LIST
                    : kind.numeric() ? Decode.SKIP : Decode.STRING;
            case "bytebuf" -> kind == ParamKind.LIST ? Decode.LIST : kind.numeric() ? Decode.SKIP : Decode.BYTES;
            default -> {
                if (!number) {
                    yield Decode.SKIP;
                }
                if (!kind.numeric()) {
                    yield Decode.SKIP;
                }
                if (kind == ParamKind.FLAGS && p.flags() != null
                        && (libsType.startsWith("flags") || libsType.startsWith("enumflags"))) {
                    yield Decode.FLAGS;
                }
                if (libsType.equals("uid") || libsType.equals("gid")
                        || (kind == ParamKind.UID && libsType.equals("uint32"))) {
                    yield Decode.ID32;
                }
                yield signed(libsType) ? Decode.SIGNED : Decode.UNSIGNED;
            }
        };
    }

    private static boolean signed(String t) {
        return switch (t) {
            case "int8", "int16", "int32", "int64", "errno", "fd", "pid" -> true;
            default -> false;
        };
    }

    /** The width in bytes of a numeric libscap type, or 0 for the others. */
    static int width(String t) {
        return switch (t) {
            case "int8", "uint8", "sigtype", "l4proto", "sockfamily", "flags8", "enumflags8" -> 1;
            case "int16", "uint16", "port", "syscallid", "flags16", "enumflags16" -> 2;
            case "int32", "uint32", "flags32", "enumflags32", "uid", "gid", "mode", "bool", "sigset" -> 4;
            case "int64", "uint64", "errno", "fd", "pid", "reltime", "abstime", "double" -> 8;
            default -> 0;
        };
    }
}
