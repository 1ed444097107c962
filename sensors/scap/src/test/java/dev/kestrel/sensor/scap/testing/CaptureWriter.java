package dev.kestrel.sensor.scap.testing;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * Writes libscap capture files for tests: a section header, then whatever metadata and event blocks
 * the test asks for, in libscap's layouts (every process-list version, fd and user lists with and
 * without entry lengths, events with and without the parameter count). Parameter types come from
 * the event table the reader ships (its resource, read on the class path), so a value is written
 * with the width libscap gives its type. Not thread-safe; one writer per capture.
 */
public final class CaptureWriter {

    /** A thread of the process list. */
    public record Proc(long tid, long pid, long ptid, String comm, String exe, String exePath, List<String> args,
                       String cwd, long uid, long gid, List<String> env, List<String> cgroups, long loginUid,
                       long tty, long sid, long vpgid, long pgid) {
    }

    /** libscap's block types, as the reader knows them. */
    public static final int SECTION_HEADER = 0x0A0D0D0A;
    public static final int MACHINE_INFO = 0x201;
    public static final int FDS = 0x203;
    public static final int FDS_V2 = 0x218;
    public static final int EVENTS = 0x204;
    public static final int EVENTS_V2 = 0x216;
    public static final int EVENTS_V2_LARGE = 0x221;
    public static final int EVENTS_FLAGS = 0x208;
    public static final int EVENTS_FLAGS_V2 = 0x217;
    public static final int EVENTS_FLAGS_V2_LARGE = 0x222;
    public static final int INTERFACES_V2 = 0x219;
    public static final int USERS = 0x206;
    public static final int USERS_V2 = 0x220;
    private static final int[] PROCESS_LISTS = {0x202, 0x207, 0x209, 0x210, 0x211, 0x212, 0x213, 0x214, 0x215};

    private static final Map<Integer, String[]> PARAM_TYPES = new HashMap<>();
    private static final Map<Integer, Boolean> LARGE = new HashMap<>();

    static {
        try (InputStream in = CaptureWriter.class.getClassLoader()
                .getResourceAsStream("dev/kestrel/sensor/scap/scap-events.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(" ", 5);
                int code = Integer.parseInt(parts[0]);
                String[] params = parts.length > 4 && !parts[4].isBlank() ? parts[4].trim().split(" ") : new String[0];
                String[] types = new String[params.length];
                for (int i = 0; i < params.length; i++) {
                    String t = params[i].substring(params[i].indexOf(':') + 1);
                    types[i] = t.contains("/") ? t.substring(0, t.indexOf('/')) : t;
                }
                PARAM_TYPES.put(code, types);
                LARGE.put(code, parts[3].contains("large"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int width(String type) {
        return switch (type) {
            case "int8", "uint8", "sigtype", "l4proto", "sockfamily", "flags8", "enumflags8" -> 1;
            case "int16", "uint16", "port", "syscallid", "flags16", "enumflags16" -> 2;
            case "int32", "uint32", "flags32", "enumflags32", "uid", "gid", "mode", "bool", "sigset" -> 4;
            default -> 8;
        };
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A writer whose capture starts with a section header of format 1.2. */
    public CaptureWriter() {
        Body b = new Body();
        b.u32(0x1A2B3C4D).u16(1).u16(2).i64(-1);
        block(SECTION_HEADER, b);
    }

    /** A machine info block naming {@code hostname}. */
    public CaptureWriter machine(String hostname) {
        Body b = new Body();
        b.u32(2).i64(8L << 30).i64(32768);
        byte[] name = new byte[128];
        byte[] h = hostname.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(h, 0, name, 0, Math.min(h.length, 127));
        b.bytes(name).i64(0).i64(0).i64(0).i64(0);
        block(MACHINE_INFO, b);
        return this;
    }

    /** An interface list (V2) with the loopback IPv4 address. */
    public CaptureWriter interfaces() {
        Body entry = new Body();
        entry.u16(1).u16(2).bytes(new byte[] {127, 0, 0, 1}).bytes(new byte[] {(byte) 255, 0, 0, 0})
                .bytes(new byte[] {127, (byte) 255, (byte) 255, (byte) 255}).i64(0).bytes("lo".getBytes(StandardCharsets.US_ASCII));
        Body b = new Body();
        b.u32(entry.size()).bytes(entry.toBytes());
        block(INTERFACES_V2, b);
        return this;
    }

    /** A user list: {@code users} as {uid, gid, name, home, shell}, {@code groups} as {gid, name}. */
    public CaptureWriter users(boolean sized, List<Object[]> users, List<Object[]> groups) {
        Body b = new Body();
        for (Object[] u : users) {
            Body e = new Body();
            e.u8(0).u32((Long) u[0]).u32((Long) u[1]).str16((String) u[2]).str16((String) u[3]).str16((String) u[4]);
            entry(b, e, sized);
        }
        for (Object[] g : groups) {
            Body e = new Body();
            e.u8(1).u32((Long) g[0]).str16((String) g[1]);
            entry(b, e, sized);
        }
        block(sized ? USERS_V2 : USERS, b);
        return this;
    }

    /** A process list block of {@code version} (1 to 9) with the tail libs before 0.10 wrote (sysdig 0.29 reads it). */
    public CaptureWriter processes(int version, List<Proc> procs) {
        return processes(version, procs, false);
    }

    /**
     * A process list block of {@code version} (1 to 9) holding {@code procs}; with {@code modernTail}
     * V9 entries carry the fields libs 0.10 and later write (start time, tty, ..., pgid).
     */
    public CaptureWriter processes(int version, List<Proc> procs, boolean modernTail) {
        int type = PROCESS_LISTS[Math.max(1, Math.min(9, version)) - 1];
        Body b = new Body();
        for (Proc p : procs) {
            Body e = new Body();
            e.i64(p.tid()).i64(p.pid()).i64(p.ptid());
            if (version >= 6) {
                e.i64(p.sid());
            }
            if (version >= 8) {
                e.i64(p.vpgid());
            }
            e.str16(p.comm()).str16(p.exe());
            if (version >= 7) {
                e.str16(p.exePath());
            }
            e.list16(p.args()).str16(p.cwd()).i64(1024).u32(0).u32(p.uid()).u32(p.gid());
            if (version >= 2) {
                e.u32(9000).u32(3000).u32(0).i64(0).i64(120);
                if (version >= 3) {
                    e.list16(p.env());
                }
                if (version >= 4) {
                    e.i64(p.tid()).i64(p.pid()).list16(p.cgroups());
                    if (version >= 5) {
                        e.str16("/");
                    }
                }
            }
            if (version >= 9 && modernTail) {
                e.i64(0).u32(p.tty()).u32(p.loginUid()).u8(0).i64(0).i64(0).i64(1L << 21).u8(0)
                        .i64(0).i64(0).i64(0).u8(0).u8(0).i64(p.pgid());
            } else if (version >= 9) {
                e.u32(p.loginUid()).u8(0).i64(0).i64(0).i64(1L << 21);
            }
            entry(b, e, version >= 9);
        }
        block(type, b);
        return this;
    }

    /** An fd list of {@code tid}: each fd as {fd, type code, name or tuple bytes writer}. */
    public CaptureWriter fds(long tid, boolean sized, List<FdEntry> fds) {
        Body b = new Body();
        b.i64(tid);
        for (FdEntry f : fds) {
            Body e = new Body();
            e.i64(f.fd()).i64(f.ino()).u8(f.type());
            f.body().accept(e);
            entry(b, e, sized);
        }
        block(sized ? FDS_V2 : FDS, b);
        return this;
    }

    /** One fd of an fd list: its number, inode, libscap type code and the type's fields. */
    public record FdEntry(long fd, long ino, int type, Consumer<Body> body) {

        /** A file (libscap type 16) with libscap open flags and a path. */
        public static FdEntry file(long fd, long ppmFlags, String path) {
            return new FdEntry(fd, 1000 + fd, 16, e -> e.u32(ppmFlags).str16(path).u32(0x803));
        }

        /** An fd of a libscap type that carries only a name (1 file, 2 directory, 7 pipe, 9 event...). */
        public static FdEntry named(long fd, int type, String name) {
            return new FdEntry(fd, 1000 + fd, type, e -> e.str16(name));
        }

        /** A connected IPv4 TCP socket. */
        public static FdEntry ipv4(long fd, byte[] sip, int sport, byte[] dip, int dport) {
            return new FdEntry(fd, 2000 + fd, 3, e -> e.bytes(sip).bytes(dip).u16(sport).u16(dport).u8(2));
        }

        /** A listening IPv4 TCP socket. */
        public static FdEntry listening(long fd, byte[] ip, int port) {
            return new FdEntry(fd, 3000 + fd, 5, e -> e.bytes(ip).u16(port).u8(2));
        }
    }

    /**
     * An event of libscap code {@code code} in a block of {@code blockType}; {@code values} are the
     * parameters in order: a Long for numbers (written with its type's width), a String (written with a
     * terminating NUL), a List of strings (NUL-separated) or raw bytes.
     */
    public CaptureWriter event(int blockType, long ts, long tid, int code, Object... values) {
        String[] types = PARAM_TYPES.get(code);
        if (types == null) {
            throw new IllegalArgumentException("no event code " + code + " in libscap's table");
        }
        boolean large = LARGE.get(code);
        Body params = new Body();
        Body lens = new Body();
        for (int i = 0; i < values.length; i++) {
            Body v = new Body();
            Object o = values[i];
            if (o instanceof Long n) {
                int w = i < types.length ? width(types[i]) : 8;
                switch (w) {
                    case 1 -> v.u8(n);
                    case 2 -> v.u16(n);
                    case 4 -> v.u32(n);
                    default -> v.i64(n);
                }
            } else if (o instanceof Integer n) {
                throw new IllegalArgumentException("pass numbers as Long, got Integer " + n);
            } else if (o instanceof String s) {
                v.bytes(s.getBytes(StandardCharsets.UTF_8)).u8(0);
            } else if (o instanceof List<?> list) {
                for (Object item : list) {
                    v.bytes(String.valueOf(item).getBytes(StandardCharsets.UTF_8)).u8(0);
                }
            } else if (o instanceof byte[] raw) {
                v.bytes(raw);
            }
            if (large) {
                lens.u32(v.size());
            } else {
                lens.u16(v.size());
            }
            params.bytes(v.toBytes());
        }
        boolean withCount = blockType == EVENTS_V2 || blockType == EVENTS_V2_LARGE || blockType == EVENTS_FLAGS_V2
                || blockType == EVENTS_FLAGS_V2_LARGE;
        int header = withCount ? 26 : 22;
        Body b = new Body();
        b.u16(0);
        if (blockType == EVENTS_FLAGS || blockType == EVENTS_FLAGS_V2 || blockType == EVENTS_FLAGS_V2_LARGE) {
            b.u32(0);
        }
        b.i64(ts).i64(tid).u32(header + lens.size() + params.size()).u16(code);
        if (withCount) {
            b.u32(values.length);
        }
        b.bytes(lens.toBytes()).bytes(params.toBytes());
        block(blockType, b);
        return this;
    }

    /** A socket tuple parameter value for IPv4 (family, source, source port, destination, port). */
    public static byte[] tuple(byte[] sip, int sport, byte[] dip, int dport) {
        return new Body().u8(2).bytes(sip).u16(sport).bytes(dip).u16(dport).toBytes();
    }

    /** A socket address parameter value for IPv4. */
    public static byte[] sockaddr(byte[] ip, int port) {
        return new Body().u8(2).bytes(ip).u16(port).toBytes();
    }

    /** Raw bytes appended as a block of {@code type} (for corrupt captures). */
    public CaptureWriter rawBlock(int type, byte[] body) {
        Body b = new Body();
        b.bytes(body);
        block(type, b);
        return this;
    }

    /** The capture so far. */
    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** Writes the capture to {@code file}, gzip-compressed when {@code gzip}. */
    public Path write(Path file, boolean gzip) throws IOException {
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            o.write(toBytes());
        }
        return file;
    }

    private static void entry(Body block, Body entry, boolean sized) {
        if (sized) {
            block.u32(entry.size() + 4L);
        }
        block.bytes(entry.toBytes());
    }

    private void block(int type, Body body) {
        int padded = (body.size() + 3) & ~3;
        int total = padded + 12;
        Body b = new Body();
        b.u32(type & 0xFFFFFFFFL).u32(total).bytes(body.toBytes()).bytes(new byte[padded - body.size()]).u32(total);
        out.writeBytes(b.toBytes());
    }

    /** A growing little-endian byte buffer. */
    public static final class Body {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        public Body u8(long v) {
            bytes.write((int) v);
            return this;
        }

        public Body u16(long v) {
            scratch.clear();
            scratch.putShort((short) v);
            bytes.write(scratch.array(), 0, 2);
            return this;
        }

        public Body u32(long v) {
            scratch.clear();
            scratch.putInt((int) v);
            bytes.write(scratch.array(), 0, 4);
            return this;
        }

        public Body i64(long v) {
            scratch.clear();
            scratch.putLong(v);
            bytes.write(scratch.array(), 0, 8);
            return this;
        }

        public Body bytes(byte[] b) {
            bytes.writeBytes(b);
            return this;
        }

        public Body str16(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return u16(b.length).bytes(b);
        }

        public Body list16(List<String> items) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (String s : items) {
                joined.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                joined.write(0);
            }
            return u16(joined.size()).bytes(joined.toByteArray());
        }

        public int size() {
            return bytes.size();
        }

        public byte[] toBytes() {
            return bytes.toByteArray();
        }
    }
}
