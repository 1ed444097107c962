package dev.kestrel.fields.state;

/** Absolute paths as libsinsp builds them: relative names joined to a directory, dot segments removed. */
public final class PathNames {

    private PathNames() {
    }

    /** {@code path} made absolute against {@code dir} (null when the directory is unknown and path is relative). */
    public static String absolute(String dir, String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith("/")) {
            return clean(path);
        }
        if (dir == null || dir.isEmpty()) {
            return null;
        }
        return clean(dir.endsWith("/") ? dir + path : dir + "/" + path);
    }

    /**
     * The working directory after moving to {@code dir} from {@code current}, as libsinsp keeps it:
     * absolute, dot segments removed, always ending in '/' ({@code proc.cwd} is {@code /root/}).
     * An empty or null {@code dir}, or a relative one when {@code current} is unknown, leaves {@code current}.
     */
    public static String workingDirectory(String current, String dir) {
        if (dir == null || dir.isEmpty()) {
            return current;
        }
        String abs = absolute(current, dir);
        if (abs == null) {
            return current;
        }
        return abs.endsWith("/") ? abs : abs + "/";
    }

    /**
     * A relative {@code path} joined to {@code dir} as libsinsp resolves path parameters for
     * {@code evt.arg}: absolute and normalised when the directory is known, else normalised but still
     * relative ({@code ..} never climbing above its start); null when nothing is left.
     */
    public static String resolve(String dir, String path) {
        String joined = dir == null || dir.isEmpty() ? normalise(path, false) : absolute(dir, path);
        return joined.isEmpty() ? null : joined;
    }

    /** Removes {@code .} and {@code ..} segments and repeated slashes; returns {@code path} itself when clean. */
    public static String clean(String path) {
        if (path.indexOf("//") < 0 && path.indexOf("/.") < 0) {
            return path;
        }
        return normalise(path, true);
    }

    /** {@code path} without {@code .}, {@code ..} and empty segments; rooted at '/' when {@code absolute}. */
    private static String normalise(String path, boolean absolute) {
        String[] parts = path.split("/");
        String[] out = new String[parts.length];
        int n = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (n > 0) {
                    n--;
                }
                continue;
            }
            out[n++] = part;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (absolute || i > 0) {
                sb.append('/');
            }
            sb.append(out[i]);
        }
        return sb.length() == 0 && absolute ? "/" : sb.toString();
    }

    /** {@code path} with each run of slashes made one, as libsinsp prints {@code fd.nameraw}; itself when it has none. */
    public static String withoutRepeatedSlashes(String path) {
        if (path == null || path.indexOf("//") < 0) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch != '/' || sb.length() == 0 || sb.charAt(sb.length() - 1) != '/') {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /** The text after the last slash. */
    public static String basename(String path) {
        if (path == null) {
            return null;
        }
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
