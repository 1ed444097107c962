package dev.kestrel.sensor.strace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One system call as Kestrel's event needs it, named the way Falco names it: the event type
 * ({@code openat}), the thread and process ids, the raw result ({@code -2} for ENOENT) and the
 * parameters under Falco's parameter names ({@code fd}, {@code dirfd}, {@code name}, {@code flags},
 * {@code tuple} ...). Values are {@link String}, {@link Long}, {@code List<String>} or a
 * {@link StraceValues.SocketTuple}; a parameter strace cannot show is absent.
 *
 * @param type the Falco event name, e.g. {@code openat} or {@code procexit}
 * @param tid the thread id
 * @param pid the process (thread group) id
 * @param result the raw result, negative errno on failure
 * @param params the parameters, in Falco's order
 */
record CallEvent(String type, long timeNanos, long tid, long pid, long result, Map<String, Object> params) {

    CallEvent {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parameter {@code name}, or null. */
    Object param(String name) {
        return params.get(name);
    }
}
