package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.fields.EventScript;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@code proc.cwd} as libsinsp keeps it: absolute and ending in '/' ({@code /root/}), whichever event
 * set it (snapshot, clone, exec, chdir, fchdir), so {@code proc.cwd startswith "/dev/shm/"} holds in
 * {@code /dev/shm}.
 */
class WorkingDirectoryTest {

    private static EventScript bashIn(String cwd) {
        EventScript s = new EventScript();
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        Event e = new Event().resetProcess(s.now() + 1, ProcessSnapshot.builder().pid(100).ppid(1).comm("bash")
                .exe("/bin/bash").cwd(cwd).build());
        s.state.apply(e);
        return s;
    }

    @Test
    void aSnapshotsDirectoryEndsInASlash() {
        EventScript s = bashIn("/root");
        assertThat(s.state.threads().process(100).cwd()).isEqualTo("/root/");
        assertThat(bashIn("/").state.threads().process(100).cwd()).isEqualTo("/");
    }

    @Test
    void chdirAbsoluteRelativeAndUpEndInASlash() {
        EventScript s = bashIn("/root");
        assertThat(s.apply(EventType.CHDIR, 100, 0, "path", "/dev/shm").process().cwd()).isEqualTo("/dev/shm/");
        assertThat(s.apply(EventType.CHDIR, 100, 0, "path", "work").process().cwd()).isEqualTo("/dev/shm/work/");
        assertThat(s.apply(EventType.CHDIR, 100, 0, "path", "../..").process().cwd()).isEqualTo("/dev/");
        assertThat(s.apply(EventType.CHDIR, 100, 0, "path", "/tmp/x/").process().cwd()).isEqualTo("/tmp/x/");
        assertThat(s.apply(EventType.CHDIR, 100, -2, "path", "/nope").process().cwd()).isEqualTo("/tmp/x/");
        assertThat(s.apply(EventType.CHDIR, 100, 0, "path", "/").process().cwd()).isEqualTo("/");
    }

    @Test
    void fchdirTakesTheDirectorysNameWithASlash() {
        EventScript s = bashIn("/root");
        s.apply(EventType.OPENAT, 100, 3, "dirfd", -100, "name", "/tmp/target-directory-fd", "flags",
                "O_RDONLY|O_DIRECTORY");
        assertThat(s.apply(EventType.FCHDIR, 100, 0, "fd", 3).process().cwd()).isEqualTo("/tmp/target-directory-fd/");
    }

    @Test
    void cloneAndExecDirectoriesEndInASlashAndRelativeNamesResolveAgainstThem() {
        EventScript s = bashIn("/root");
        s.apply(EventType.CLONE, 100, 200, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "cwd", "/app");
        assertThat(s.state.threads().process(200).cwd()).isEqualTo("/app/");
        StateContext ctx = s.apply(EventType.EXECVE, 200, 0, "filename", "./payload", "exe", "./payload",
                "args", List.of(), "cwd", "/dev/shm");
        assertThat(ctx.process().cwd()).isEqualTo("/dev/shm/");
        assertThat(ctx.process().exePath()).isEqualTo("/dev/shm/payload");
        assertThat(s.open(200, "data", "O_RDONLY", 3).fd().name()).isEqualTo("/dev/shm/data");
    }

    @Provide
    Arbitrary<String> directories() {
        Arbitrary<String> segment = Arbitraries.of("a", "shm", "dev", ".", "..", "x y", "");
        return segment.list().ofMaxSize(6).map(parts -> "/" + String.join("/", parts));
    }

    /** Moving to any absolute directory gives a path ending in '/' against which names resolve as against the directory. */
    @Property(tries = 500)
    void aWorkingDirectoryEndsInASlashAndResolvesAsItsDirectory(@ForAll("directories") String dir) {
        String cwd = PathNames.workingDirectory("/elsewhere/", dir);
        assertThat(cwd).startsWith("/").endsWith("/").doesNotContain("//").doesNotContain("/./");
        assertThat(PathNames.absolute(cwd, "f")).isEqualTo(PathNames.absolute(dir, "f"));
        assertThat(PathNames.workingDirectory("/elsewhere/", cwd)).isEqualTo(cwd);
    }
}
