package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fd fields of a call that made no fd, as libsinsp gives them: no fd, so no {@code fd.type}; the
 * path the call named for {@code fd.name} and {@code fd.directory}; {@code fd.typechar} from the call
 * alone ('f' for openat, openat2 and creat, 'o' for open, '4' for socket and accept...), never from flags.
 */
class FailedOpenFieldsTest {

    private final EventScript s = new EventScript();
    private final FieldProbe f = new FieldProbe();

    FailedOpenFieldsTest() {
        s.snapshot(100, 1, "sh", "/bin/sh", List.of(), null);
        s.apply(EventType.CHDIR, 100, 0, "path", "/home");
    }

    @Test
    void aFailedOpenatWithODirectory() {
        StateContext ctx = s.apply(EventType.OPENAT, 100, -20, "dirfd", -100, "name", "/etc/hostname",
                "flags", "O_RDONLY|O_DIRECTORY");
        assertThat(f.text(ctx, "fd.typechar")).isEqualTo("f");
        assertThat(f.text(ctx, "fd.type")).isNull();
        assertThat(f.text(ctx, "fd.num")).isEqualTo("-1");
        assertThat(f.text(ctx, "fd.name")).isEqualTo("/etc/hostname");
        assertThat(f.text(ctx, "fd.directory")).isEqualTo("/etc");
        assertThat(f.text(ctx, "fd.filename")).as("libsinsp reads it from an fd only").isNull();
    }

    @Test
    void aFailedOpen() {
        StateContext ctx = s.apply(EventType.OPEN, 100, -2, "name", "x/missing", "flags", "O_RDONLY|O_DIRECTORY");
        assertThat(f.text(ctx, "fd.typechar")).isEqualTo("o");
        assertThat(f.text(ctx, "fd.type")).isNull();
        assertThat(f.text(ctx, "fd.num")).isEqualTo("-1");
        assertThat(f.text(ctx, "fd.name")).isEqualTo("/home/x/missing");
        assertThat(f.text(ctx, "fd.directory")).isEqualTo("/home/x");
    }

    @Test
    void otherFailedCallsThatMakeFds() {
        assertThat(f.text(s.apply(EventType.CREAT, 100, -13, "name", "/etc/x"), "fd.typechar")).isEqualTo("f");
        assertThat(f.text(s.apply(EventType.OPENAT2, 100, -2, "dirfd", -100, "name", "/y", "flags", "O_RDONLY"),
                "fd.typechar")).isEqualTo("f");
        assertThat(f.text(s.apply(EventType.SOCKET, 100, -97, "domain", "AF_UNIX", "type", 1, "proto", 0),
                "fd.typechar")).isEqualTo("4");
        assertThat(f.text(s.apply(EventType.PIPE2, 100, -24, "flags", "O_CLOEXEC"), "fd.typechar")).isEqualTo("p");
        assertThat(f.text(s.apply(EventType.EVENTFD2, 100, -24, "flags", 0), "fd.typechar")).isEqualTo("e");
    }

    /** As libsinsp: a call on (or making) an fd the process does not hold is 'o'; a call with no fd has none. */
    @Test
    void callsOnFdsNotHeldAreOAndCallsWithoutFdsHaveNoTypechar() {
        assertThat(f.text(s.apply(EventType.READ, 100, 5, "fd", 42, "size", 10), "fd.typechar")).isEqualTo("o");
        assertThat(f.text(s.apply(EventType.MEMFD_CREATE, 100, -24, "name", "x", "flags", 0), "fd.typechar")).isEqualTo("o");
        assertThat(f.text(s.apply(EventType.SOCKETPAIR, 100, -24, "domain", "AF_UNIX", "type", 1, "proto", 0),
                "fd.typechar")).isEqualTo("o");
        assertThat(f.text(s.apply(EventType.CHDIR, 100, 0, "path", "/tmp"), "fd.typechar")).isNull();
    }

    @Test
    void aSuccessfulOpenOfADirectoryKeepsItsFd() {
        StateContext ctx = s.apply(EventType.OPENAT, 100, 3, "dirfd", -100, "name", "/etc", "flags", "O_RDONLY|O_DIRECTORY");
        assertThat(f.text(ctx, "fd.typechar")).isEqualTo("d");
        assertThat(f.text(ctx, "fd.type")).isEqualTo("directory");
        assertThat(f.text(ctx, "fd.num")).isEqualTo("3");
    }
}
