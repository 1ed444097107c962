package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One generated syscall (exit) event: type, time, thread, process, return value and the parameters
 * Falco's rules read, named as Falco names them ({@code name}, {@code flags}, {@code tuple}, ...).
 * Flags are rendered as Falco renders them ({@code O_RDONLY|O_CLOEXEC}); a socket tuple as
 * {@code cip:cport->sip:sport}.
 */
public record SyscallRecord(EventType type, long timestampNanos, long tid, long pid, long result,
        Map<String, Object> params) {

    public SyscallRecord {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** A string parameter, or null. */
    public String text(String name) {
        Object v = params.get(name);
        return v == null ? null : v.toString();
    }
}
