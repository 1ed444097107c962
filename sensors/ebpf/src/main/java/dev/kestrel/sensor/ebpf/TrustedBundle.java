package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The {@code config.json} of a bundle a runtime was told to create, read only when no one but its
 * owner (root) could have written it: the bundle, its {@code config.json} and every directory above
 * them are owned by the owner (or root), none is a symbolic link, and none is writable by group or
 * others (a sticky directory such as /tmp excepted above the bundle). Stateless.
 */
final class TrustedBundle {

    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;

    /** Why a bundle was not read: one sentence. */
    static final class Untrusted extends Exception {
        Untrusted(String reason) {
            super(reason, null, false, false);
        }
    }

    private TrustedBundle() {
    }

    /**
     * The text of {@code bundle/config.json} (at most {@code maxBytes}), read without following a link.
     *
     * @param owner the uid the bundle must belong to (0 on a node)
     * @throws Untrusted when someone else could have written it
     */
    static String config(Path bundle, int owner, long maxBytes) throws IOException, Untrusted {
        if (!bundle.isAbsolute()) {
            throw new Untrusted("the bundle " + bundle + " is not an absolute path");
        }
        Path normal = bundle.normalize();
        if (!bundle.toRealPath().equals(normal)) {
            throw new Untrusted("the path of the bundle " + bundle + " goes through a symbolic link");
        }
        for (Path above = normal.getParent(); above != null; above = above.getParent()) {
            int mode = mode(above);
            if (!ownedBy(above, owner) || (mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
                throw new Untrusted("the directory " + above + " above the bundle could be written by another user");
            }
        }
        Path config = normal.resolve("config.json");
        for (Path p : new Path[] {normal, config}) {
            boolean expectedKind = p == normal ? Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS);
            if (!expectedKind) {
                throw new Untrusted(p + " is not a " + (p == normal ? "directory" : "regular file"));
            }
            if (uid(p) != owner || (mode(p) & GROUP_OR_OTHERS_WRITE) != 0) {
                throw new Untrusted(p + " is not owned by uid " + owner + " alone");
            }
        }
        return RuntimeStateFiles.readSmall(config, maxBytes, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean ownedBy(Path p, int owner) throws IOException {
        int uid = uid(p);
        return uid == owner || uid == 0;
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}
