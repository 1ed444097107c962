package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.b;
import static dev.kestrel.fields.Accessors.bool;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.Errno;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.FlagTable;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.ParamKind;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldBindException;
import dev.kestrel.core.field.FieldRef;
import dev.kestrel.fields.state.FdInfo;
import dev.kestrel.fields.state.ProcessInfo;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.ThreadInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code evt} field class: the event's type, time, return value and parameters ({@code evt.arg.NAME}
 * rendered, {@code evt.rawarg.NAME} typed), plus the open/io classification Falco's macros use.
 * Times print in UTC.
 */
public final class EvtFields extends CatalogueFieldClass {

    private static final long O_ACCMODE = 3;
    private static final long O_WRONLY = 1;
    private static final long O_RDWR = 2;
    private static final long O_CREAT = 0100;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Kinds evt.args prints as a number followed by libsinsp's resolved form. */
    private static final Set<ParamKind> NUMBER_THEN_RESOLVED = EnumSet.of(ParamKind.FD, ParamKind.ERRNO,
            ParamKind.PID, ParamKind.UID);
    /** Flag tables whose numbers are libs' own too (its PPM_ values), so evt.args can print them. */
    private static final Set<FlagTable> SHARED_FLAG_NUMBERS = Set.of(FlagTable.FAMILY, FlagTable.AT,
            FlagTable.EXE, FlagTable.PROT);
    private static final Map<FdInfo.L4, String> L4_CHARS = Map.of(FdInfo.L4.TCP, "t", FdInfo.L4.UDP, "u",
            FdInfo.L4.ICMP, "i", FdInfo.L4.RAW, "r");
    /** Types whose first parameter, {@code fd}, is the fd the call returns (libs' exit events). */
    private static final boolean[] RETURNS_FD = new boolean[EventType.values().length];

    static {
        for (EventType t : new EventType[] {EventType.OPEN, EventType.OPENAT, EventType.OPENAT2, EventType.CREAT,
                EventType.SOCKET, EventType.ACCEPT, EventType.ACCEPT4, EventType.MEMFD_CREATE}) {
            RETURNS_FD[t.ordinal()] = true;
        }
    }

    private static final int[] FLAGS = slots("flags");
    private static final int[] MODE = slots("mode");
    private static final int[] SIZE = slots("size");
    private static final int[] DATA = slots("data");

    public EvtFields() {
        super("evt", "the event: type, time, return value and parameters", bindings());
    }

    private static Map<String, Binding> bindings() {
        Map<String, Binding> m = new HashMap<>();
        m.put("evt.num", n(StateContext::eventNum));
        m.put("evt.time", s(c -> clock(c.event().timestampNanos(), true)));
        m.put("evt.time.s", s(c -> clock(c.event().timestampNanos(), false)));
        m.put("evt.time.iso8601", s(c -> DATE.format(instant(c)) + "T" + clock(c.event().timestampNanos(), true) + "+0000"));
        m.put("evt.datetime", s(c -> DATE.format(instant(c)) + " " + clock(c.event().timestampNanos(), true)));
        m.put("evt.datetime.s", s(c -> DATE.format(instant(c)) + " " + clock(c.event().timestampNanos(), false)));
        m.put("evt.rawtime", n(c -> c.event().timestampNanos()));
        m.put("evt.rawtime.s", n(c -> c.event().timestampNanos() / 1_000_000_000L));
        m.put("evt.rawtime.ns", n(c -> c.event().timestampNanos() % 1_000_000_000L));
        m.put("evt.reltime", n(c -> c.event().timestampNanos() - c.state().firstTimestamp()));
        m.put("evt.reltime.s", n(c -> (c.event().timestampNanos() - c.state().firstTimestamp()) / 1_000_000_000L));
        m.put("evt.reltime.ns", n(c -> (c.event().timestampNanos() - c.state().firstTimestamp()) % 1_000_000_000L));
        m.put("evt.deltatime", n(c -> c.event().timestampNanos() - c.previousTimestamp()));
        m.put("evt.deltatime.s", n(c -> (c.event().timestampNanos() - c.previousTimestamp()) / 1_000_000_000L));
        m.put("evt.deltatime.ns", n(c -> (c.event().timestampNanos() - c.previousTimestamp()) % 1_000_000_000L));
        m.put("evt.source", s(c -> "syscall"));
        m.put("evt.is_async", b(c -> bool(c.event().type().internal())));
        m.put("evt.hostname", ref -> {
            String host = hostName();
            return new Accessors.Str(ref, c -> host);
        });
        m.put("evt.dir", s(c -> c.event().isEnter() ? ">" : "<"));
        m.put("evt.type", s(c -> c.event().type().falcoName()));
        m.put("syscall.type", s(c -> c.event().type().falcoName()));
        m.put("evt.type.is", ref -> {
            EventType t = EventType.fromName(ref.argument());
            if (t == null) {
                throw new FieldBindException("unknown event type '" + ref.argument() + "' in " + ref.text());
            }
            return new Accessors.Num(ref, c -> c.event().type() == t ? 1 : 0);
        });
        m.put("evt.category", s(EvtFields::category));
        m.put("evt.args", s(EvtFields::renderArgs));
        m.put("evt.info", s(EvtFields::renderArgs));
        m.put("evt.arg", EvtFields::arg);
        m.put("evt.rawarg", EvtFields::rawArg);
        m.put("evt.buffer", s(c -> {
            int slot = DATA[c.event().type().ordinal()];
            return slot < 0 ? null : c.event().render(slot);
        }));
        m.put("evt.buflen", n(c -> {
            Event e = c.event();
            int slot = SIZE[e.type().ordinal()];
            if (!isIo(e.type())) {
                return NONE;
            }
            return e.returnValue() >= 0 ? e.returnValue() : e.number(slot, NONE);
        }));
        m.put("evt.res", s(c -> c.event().isEnter() ? null
                : c.event().returnValue() >= 0 ? "SUCCESS" : Errno.name(-c.event().returnValue())));
        m.put("evt.rawres", n(c -> c.event().isEnter() ? NONE : c.event().returnValue()));
        m.put("evt.failed", b(c -> bool(!c.event().isEnter() && c.event().returnValue() < 0)));
        m.put("evt.is_truncated", b(c -> bool(c.event().anyCut())));
        m.put("evt.is_io", b(c -> bool(isIo(c.event().type()))));
        m.put("evt.is_io_read", b(c -> bool(c.event().type().category() == EventType.Category.IO_READ)));
        m.put("evt.is_io_write", b(c -> bool(c.event().type().category() == EventType.Category.IO_WRITE)));
        m.put("evt.io_dir", s(c -> c.event().type().category() == EventType.Category.IO_READ ? "r"
                : c.event().type().category() == EventType.Category.IO_WRITE ? "w" : null));
        m.put("evt.is_wait", b(c -> bool(c.event().type().category() == EventType.Category.WAIT
                || c.event().type().category() == EventType.Category.SLEEP)));
        m.put("evt.is_syslog", b(c -> {
            FdInfo f = c.fd();
            return bool(c.event().type().category() == EventType.Category.IO_WRITE && f != null
                    && "/dev/log".equals(f.name()));
        }));
        m.put("evt.count", n(c -> 1));
        m.put("evt.count.error", n(c -> c.event().returnValue() < 0 ? 1 : 0));
        m.put("evt.count.error.file", n(c -> failedIn(c, EventType.Category.FILE)));
        m.put("evt.count.error.net", n(c -> failedIn(c, EventType.Category.NET)));
        m.put("evt.count.error.memory", n(c -> failedIn(c, EventType.Category.MEMORY)));
        m.put("evt.count.error.other", n(c -> {
            EventType.Category cat = c.event().type().category();
            boolean other = cat != EventType.Category.FILE && cat != EventType.Category.NET
                    && cat != EventType.Category.MEMORY;
            return c.event().returnValue() < 0 && other ? 1 : 0;
        }));
        m.put("evt.count.exit", n(c -> 1));
        m.put("evt.abspath", s(c -> EventPaths.absolute(c, EventPaths.Role.NAME)));
        m.put("evt.abspath.src", s(c -> EventPaths.absolute(c, EventPaths.Role.SOURCE)));
        m.put("evt.abspath.dst", s(c -> EventPaths.absolute(c, EventPaths.Role.TARGET)));
        m.put("evt.is_open_read", b(c -> openFlags(c) < 0 ? 0 : bool((openFlags(c) & O_ACCMODE) != O_WRONLY)));
        m.put("evt.is_open_write", b(c -> {
            long f = openFlags(c);
            return f < 0 ? 0 : bool((f & O_ACCMODE) == O_WRONLY || (f & O_ACCMODE) == O_RDWR);
        }));
        m.put("evt.is_open_create", b(c -> {
            long f = openFlags(c);
            return f < 0 ? 0 : bool((f & O_CREAT) != 0);
        }));
        m.put("evt.is_open_exec", b(c -> {
            long f = openFlags(c);
            Event e = c.event();
            long mode = e.number(MODE[e.type().ordinal()], 0);
            return f < 0 ? 0 : bool((f & O_CREAT) != 0 && (mode & 0111) != 0);
        }));
        return m;
    }

    private static Instant instant(StateContext c) {
        long ts = c.event().timestampNanos();
        return Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
    }

    private static String clock(long ts, boolean nanos) {
        Instant i = Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L), Math.floorMod(ts, 1_000_000_000L));
        String hms = CLOCK.format(i);
        if (!nanos) {
            return hms;
        }
        String ns = Long.toString(Math.floorMod(ts, 1_000_000_000L));
        return hms + "." + "000000000".substring(ns.length()) + ns;
    }

    private static String hostName() {
        String env = System.getenv("FALCO_HOSTNAME");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return "localhost";
        }
    }

    private static boolean isIo(EventType t) {
        EventType.Category c = t.category();
        return c == EventType.Category.IO_READ || c == EventType.Category.IO_WRITE;
    }

    private static long failedIn(StateContext c, EventType.Category category) {
        return c.event().returnValue() < 0 && c.event().type().category() == category ? 1 : 0;
    }

    /** The open flags of an open-family event, or -1 for other events. */
    /**
     * The event's category; an I/O call on a known fd takes the fd's kind, as libsinsp reports it
     * ({@code read} of a file is {@code file}, of a socket {@code net}, of a pipe {@code ipc}).
     */
    private static String category(StateContext c) {
        EventType.Category cat = c.event().type().category();
        boolean io = cat == EventType.Category.IO_READ || cat == EventType.Category.IO_WRITE
                || cat == EventType.Category.IO_OTHER;
        FdInfo f = c.fd();
        if (!io || f == null) {
            return cat.text();
        }
        return switch (f.type()) {
            case FILE, DIRECTORY -> "file";
            case IPV4, IPV6, UNIX, NETLINK -> "net";
            case PIPE -> "ipc";
            default -> cat.text();
        };
    }

    private static long openFlags(StateContext c) {
        Event e = c.event();
        EventType t = e.type();
        if (!t.isOpen() || e.isEnter()) {
            return -1; // libsinsp answers these on the exit half only
        }
        if (t == EventType.CREAT) {
            return O_WRONLY | O_CREAT;
        }
        return e.number(FLAGS[t.ordinal()], 0);
    }

    /**
     * evt.args as libsinsp prints it: {@code name=value} for each parameter set, the return value
     * standing in for an unset {@code res} (or the fd an open, socket or accept returns), and after a
     * value its resolved form in parentheses where libsinsp has one: an fd's {@code <type>name},
     * {@code AT_FDCWD} or errno, an errno's name, a pid's command, a uid's user, names of flags whose
     * numbers Kestrel and libs share, a relative path made absolute.
     */
    private static String renderArgs(StateContext c) {
        Event e = c.event();
        StringBuilder sb = new StringBuilder();
        for (EventParam p : e.type().params()) {
            int slot = p.slot();
            boolean returned = isReturned(e, p);
            if (!e.has(slot) && !returned) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(p.name()).append('=');
            if (returned || e.hasNumber(slot) && NUMBER_THEN_RESOLVED.contains(p.kind())) {
                long v = returned ? e.returnValue() : e.number(slot, 0);
                sb.append(p.kind() == ParamKind.UID && isNoId(v) ? -1 : v);
                appendResolved(sb, resolvedNumber(c, p, v));
            } else if (e.hasNumber(slot) && p.kind() == ParamKind.FLAGS && SHARED_FLAG_NUMBERS.contains(p.flags())) {
                long v = e.number(slot, 0);
                String names = p.flags().render(v);
                sb.append(v);
                appendResolved(sb, names.equals(Long.toString(v)) ? null : names);
            } else {
                String raw = e.render(slot);
                sb.append(raw);
                appendResolved(sb, EventPaths.resolvedArgument(c, raw, EventPaths.argumentDirectory(e.type(), slot)));
            }
            if (e.isCut(slot)) {
                sb.append("...");
            }
        }
        return sb.toString();
    }

    /** Whether parameter {@code p} is unset and stands for the return value: {@code res}, or the fd an open, socket or accept returns. */
    private static boolean isReturned(Event e, EventParam p) {
        int slot = p.slot();
        return !e.has(slot) && !e.isEnter() && (p.name().equals("res") || slot == 0 && RETURNS_FD[e.type().ordinal()]);
    }

    private static void appendResolved(StringBuilder sb, String resolved) {
        if (resolved != null && !resolved.isEmpty()) {
            sb.append('(').append(resolved).append(')');
        }
    }

    /** What libsinsp prints in parentheses after number {@code v} of an fd, errno, pid or uid parameter; null for none. */
    private static String resolvedNumber(StateContext c, EventParam p, long v) {
        switch (p.kind()) {
            case FD -> {
                if (v == ProcessInfo.AT_FDCWD) {
                    return "AT_FDCWD";
                }
                if (v < 0) {
                    return errnoName(v);
                }
                FdInfo f = c.process() == null ? null : c.process().fds().get(v);
                if (f == null) {
                    return null;
                }
                String l4 = f.type().isIp() ? L4_CHARS.getOrDefault(f.l4(), "") : "";
                return "<" + f.type().typechar() + l4 + ">" + f.name();
            }
            case ERRNO -> {
                return v < 0 ? errnoName(v) : null;
            }
            case PID -> {
                ThreadInfo t = c.state().threads().thread(v);
                return t == null || t.process() == null ? null : t.process().comm();
            }
            case UID -> {
                if (isNoId(v)) {
                    return "<NONE>";
                }
                String container = c.process() == null ? null : c.process().containerId();
                String name;
                if (p.name().endsWith("gid")) {
                    GroupMetadata g = c.state().users().group(container, v);
                    name = g == null ? null : g.name();
                } else {
                    UserMetadata u = c.state().users().user(container, v);
                    name = u == null ? null : u.name();
                }
                return name == null || name.isEmpty() ? "<NA>" : name;
            }
            default -> {
                return null;
            }
        }
    }

    private static boolean isNoId(long id) {
        return id < 0 || id == 0xffffffffL;
    }

    private static String errnoName(long v) {
        String name = Errno.name(-v);
        return Errno.code(name) > 0 ? name : null;
    }

    /**
     * evt.arg.NAME or evt.arg[N]: the parameter rendered as text, a relative file system path resolved
     * as libsinsp resolves it; "res" falls back to the return value.
     */
    private static FieldAccessor arg(FieldRef ref) {
        String a = ref.argument();
        if (a.chars().allMatch(Character::isDigit)) {
            int index = Integer.parseInt(a);
            return new Accessors.Str(ref, c -> {
                Event e = c.event();
                return index < e.type().params().size() ? argText(c, index) : null;
            });
        }
        int[] slots = slots(a);
        boolean res = a.equals("res");
        return new Accessors.Str(ref, c -> {
            Event e = c.event();
            int slot = slots[e.type().ordinal()];
            if (slot < 0) {
                if (res) {
                    long r = e.returnValue();
                    return r >= 0 ? Long.toString(r) : Errno.name(-r);
                }
                return null;
            }
            return argText(c, slot);
        });
    }

    /**
     * The {@code evt.arg} text of parameter {@code slot}, as libsinsp's TYPE_ARGSTR gives it: the resolved form
     * where there is one (an fd's {@code <type>name}, a pid's command, a uid's user, a relative path made
     * absolute), else the rendered value; empty as {@code <NA>}.
     */
    private static String argText(StateContext c, int slot) {
        Event e = c.event();
        EventParam p = e.type().params().get(slot);
        boolean returned = isReturned(e, p);
        if ((returned || e.hasNumber(slot)) && NUMBER_THEN_RESOLVED.contains(p.kind())) {
            long v = returned ? e.returnValue() : e.number(slot, 0);
            String resolved = resolvedNumber(c, p, v);
            return resolved != null && !resolved.isEmpty() ? resolved : Long.toString(v);
        }
        long callersFlags = failedExecFlags(c, slot);
        if (callersFlags >= 0) {
            return p.flags() == null ? Long.toString(callersFlags) : p.flags().render(callersFlags);
        }
        String text = naIfEmpty(e.render(slot));
        String resolved = EventPaths.resolvedArgument(c, text, EventPaths.argumentDirectory(e.type(), slot));
        return resolved != null ? resolved : text;
    }

    /**
     * For the unset {@code flags} of a failed exec: the caller's own exe flags, which Falco's drivers send with
     * a failed execve; else -1.
     */
    private static long failedExecFlags(StateContext c, int slot) {
        Event e = c.event();
        EventType t = e.type();
        boolean exec = t == EventType.EXECVE || t == EventType.EXECVEAT;
        return exec && e.returnValue() < 0 && !e.has(slot) && slot == FLAGS[t.ordinal()] && c.process() != null
                ? c.process().exeFlags() : -1;
    }

    /** evt.rawarg.NAME: the parameter as its raw value, a number when the parameter is numeric. */
    private static FieldAccessor rawArg(FieldRef ref) {
        String a = ref.argument();
        int[] slots = slots(a);
        if (EventType.isNumericParam(a)) {
            boolean res = a.equals("res");
            return new Accessors.Num(ref, c -> {
                Event e = c.event();
                int slot = slots[e.type().ordinal()];
                if (slot < 0) {
                    return res ? e.returnValue() : NONE;
                }
                long callersFlags = failedExecFlags(c, slot);
                return callersFlags >= 0 ? callersFlags : e.number(slot, NONE);
            });
        }
        return new Accessors.Str(ref, c -> {
            Event e = c.event();
            int slot = slots[e.type().ordinal()];
            return slot < 0 ? null : e.render(slot);
        });
    }

    private static int[] slots(String name) {
        EventType[] types = EventType.values();
        int[] slots = new int[types.length];
        for (EventType t : types) {
            slots[t.ordinal()] = t.slotIfPresent(name);
        }
        return slots;
    }

    private static String naIfEmpty(String v) {
        return v != null && v.isEmpty() ? "<NA>" : v;
    }
}
