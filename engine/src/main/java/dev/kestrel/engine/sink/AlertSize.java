package dev.kestrel.engine.sink;

import dev.kestrel.core.alert.Alert;
import java.util.Collection;
import java.util.Map;

/**
 * Estimates the heap an alert holds: two bytes per character of its strings plus a fixed cost per
 * object, which is what bounds the alert queue in bytes. Cheap (no encoding), never exact.
 */
final class AlertSize {

    private static final long OBJECT = 48;

    private AlertSize() {
    }

    static long bytes(Alert alert) {
        long n = OBJECT + chars(alert.output()) + chars(alert.rule()) + chars(alert.source()) + chars(alert.hostname());
        for (Map.Entry<String, Object> e : alert.outputFields().entrySet()) {
            n += OBJECT + chars(e.getKey()) + value(e.getValue());
        }
        for (String tag : alert.tags()) {
            n += chars(tag);
        }
        return n;
    }

    private static long value(Object v) {
        if (v instanceof CharSequence s) {
            return 2L * s.length() + OBJECT;
        }
        if (v instanceof Collection<?> c) {
            long n = OBJECT;
            for (Object o : c) {
                n += value(o);
            }
            return n;
        }
        return OBJECT / 2;
    }

    private static long chars(String s) {
        return s == null ? 0 : OBJECT + 2L * s.length();
    }
}
