package dev.kestrel.fields.state;

/**
 * The directory and file name of paths split recently: the same files are opened over and over
 * (libraries, /proc files, web content), so {@code fd.directory} and {@code fd.filename} of a path
 * seen before cost a hash and a compare instead of two new strings. Direct-mapped, 1024 entries.
 * Not thread-safe.
 */
final class PathSplitCache {

    private static final int SLOTS = 1024;

    private final String[] paths = new String[SLOTS];
    private final String[] directories = new String[SLOTS];
    private final String[] filenames = new String[SLOTS];

    /** Gives {@code fd} the directory and file name of its path, from the cache when the path was split recently. */
    void split(FdInfo fd) {
        String name = fd.name();
        if (name == null || !fd.isPath()) {
            return;
        }
        int h = name.hashCode();
        int i = (h ^ (h >>> 16)) & (SLOTS - 1);
        String known = paths[i];
        if (known != name && !name.equals(known)) {
            int slash = name.lastIndexOf('/');
            paths[i] = name;
            directories[i] = slash == 0 ? "/" : name.substring(0, slash);
            filenames[i] = name.substring(slash + 1);
        }
        fd.setSplit(directories[i], filenames[i]);
    }
}
