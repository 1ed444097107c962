package dev.kestrel.fields;

import static dev.kestrel.fields.Accessors.NONE;
import static dev.kestrel.fields.Accessors.n;
import static dev.kestrel.fields.Accessors.s;

import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.fields.state.StateContext;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code user} field class: the user a process runs as and its audit login user. Names of
 * unknown ids print {@code <NA>}, as Falco prints them; a process of unknown credentials has no value.
 */
public final class UserFields extends CatalogueFieldClass {

    static final String NA = "<NA>";

    public UserFields() {
        super("user", "the user a process runs as", Map.of(
                "user.uid", n(c -> c.process() == null || c.process().uid() < 0 ? NONE : c.process().uid()),
                "user.name", s(c -> account(c, uid(c), UserMetadata::name)),
                "user.homedir", s(c -> account(c, uid(c), UserMetadata::home)),
                "user.shell", s(c -> account(c, uid(c), UserMetadata::shell)),
                "user.loginuid", n(c -> c.process() == null ? NONE : loginUid(c)),
                "user.loginname", s(c -> c.process() == null ? null
                        : loginUid(c) < 0 ? NA : account(c, loginUid(c), UserMetadata::name))));
    }

    private static long uid(StateContext c) {
        return c.process() == null ? -1 : c.process().uid();
    }

    /** The audit login uid, -1 when unset (the kernel's 4294967295 included). */
    private static long loginUid(StateContext c) {
        long l = c.process().loginUid();
        return l == 0xffffffffL ? -1 : l;
    }

    private static String account(StateContext c, long uid, Function<UserMetadata, String> f) {
        if (uid < 0) {
            return null;
        }
        UserMetadata u = c.state().users().user(c.process() == null ? null : c.process().containerId(), uid);
        String v = u == null ? null : f.apply(u);
        return v == null ? NA : v;
    }
}
