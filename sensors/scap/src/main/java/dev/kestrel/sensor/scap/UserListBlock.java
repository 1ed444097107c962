package dev.kestrel.sensor.scap;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.util.function.Consumer;

/**
 * Reads a user list block (V1 and V2): users (uid, gid, name, home, shell) and groups (gid, name)
 * mixed, each entry tagged with its kind. V2 entries start with their own length, so fields added
 * later are skipped.
 */
final class UserListBlock {

    private static final int MAX_CREDENTIAL = 255;

    private UserListBlock() {
    }

    static void read(BlockCursor c, boolean sized, Consumer<Object> out) throws BlockCursor.BadBlock {
        while (c.remaining() >= 4) {
            int entryStart = c.position();
            long entryLength = 0;
            int outerEnd = -1;
            if (sized) {
                entryLength = c.u32("the user entry length");
                if (entryLength < 4 || entryLength > c.remaining() + 4L) {
                    throw new BlockCursor.BadBlock("a user entry says it is " + entryLength
                            + " bytes long, but the block has " + (c.remaining() + 4) + " left");
                }
                outerEnd = c.limit(entryStart + (int) entryLength);
            }
            int kind = c.u8("the entry kind");
            if (kind == 0) {
                long uid = ProcessListBlock.id32(c.u32("uid"));
                c.u32("gid");
                String name = c.string16(MAX_CREDENTIAL, "user name");
                String home = c.string16(MAX_CREDENTIAL, "home directory");
                String shell = c.string16(MAX_CREDENTIAL, "shell");
                out.accept(new UserMetadata(uid, name, home, shell));
            } else {
                long gid = ProcessListBlock.id32(c.u32("gid"));
                String name = c.string16(MAX_CREDENTIAL, "group name");
                out.accept(new GroupMetadata(gid, name));
            }
            if (outerEnd >= 0) {
                c.seek(entryStart + (int) entryLength);
                c.restoreLimit(outerEnd);
            }
        }
    }
}
