package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Appends syscall records with advancing timestamps; the generator's activities write through it. */
final class Emitter {
    final List<SyscallRecord> records = new ArrayList<>();
    private final SplittableRandom random;
    private long now = World.START_NANOS;

    Emitter(SplittableRandom random) {
        this.random = random;
    }

    long now() {
        return now;
    }

    void emit(EventType type, long tid, long pid, long result, Object... params) {
        now += 200 + random.nextInt(4_800);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put((String) params[i], params[i + 1]);
        }
        records.add(new SyscallRecord(type, now, tid, pid, result, map));
    }

    void emit(EventType type, Actor actor, long result, Object... params) {
        emit(type, actor.tid(), actor.pid(), result, params);
    }

    void open(long tid, long pid, int fd, String path, String flags) {
        emit(EventType.OPENAT, tid, pid, fd, "fd", fd, "dirfd", -100, "name", path, "flags", flags, "mode", 0,
                "dev", 0xfd01, "ino", 100_000 + (path.hashCode() & 0xffff));
    }

    void close(long tid, long pid, int fd) {
        emit(EventType.CLOSE, tid, pid, 0, "fd", fd);
    }

    void read(long tid, long pid, int fd, int size) {
        emit(EventType.READ, tid, pid, size, "fd", fd, "size", size);
    }

    void write(long tid, long pid, int fd, int size) {
        emit(EventType.WRITE, tid, pid, size, "fd", fd, "size", size);
    }

    static String tuple(String cip, int cport, String sip, int sport) {
        return cip + ":" + cport + "->" + sip + ":" + sport;
    }
}
