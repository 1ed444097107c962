package dev.kestrel.sensor.strace;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Joins and normalises paths the way Falco builds {@code fd.name}: a relative path is taken against
 * a directory (the cwd or a {@code dirfd}), {@code .} and {@code ..} and repeated slashes are
 * removed, symbolic links are not followed.
 */
final class Paths {

    private Paths() {
    }

    /** {@code path} made absolute against {@code base}; {@code path} itself when no base is known. */
    static String resolve(String base, String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/")) {
            return normalize(path);
        }
        if (base == null || !base.startsWith("/")) {
            return path;
        }
        return normalize(path.isEmpty() ? base : base + "/" + path);
    }

    /** Removes {@code .}, {@code ..} and empty segments of an absolute path. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String s : path.split("/")) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(s);
            }
        }
        return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
    }

    /** The last segment of {@code path} ({@code cat} for {@code /usr/bin/cat}). */
    static String basename(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
