package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.event.UserMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code user.name} of a container's process is the container's name for its uid, from the container's
 * own {@code /etc/passwd}, as libsinsp keeps a user list per container; the host's list names host processes.
 */
class ContainerUsersTest {

    private final EventScript s = new EventScript();
    private final FieldProbe f = new FieldProbe();

    ContainerUsersTest() {
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.state.apply(new Event().resetUser(1, new UserMetadata(33, "www-data", "/var/www", "/usr/sbin/nologin")));
        s.state.apply(new Event().resetGroup(1, new GroupMetadata(33, "www-data")));
        s.state.apply(new Event().resetUser(2, new UserMetadata(33, "app", "/home/app", "/bin/sh"), "c0ffee000001"));
        s.state.apply(new Event().resetGroup(2, new GroupMetadata(33, "apps"), "c0ffee000001"));
        process(100, null);
        process(200, "c0ffee000001");
        process(300, "c0ffee000002");
    }

    private void process(long pid, String container) {
        s.state.apply(new Event().resetProcess(s.advance(1_000).now(), ProcessSnapshot.builder().pid(pid).ppid(1).comm("sh")
                .exe("/bin/sh").uid(33).gid(33).containerId(container).build()));
    }

    private String field(long pid, String name) {
        return f.text(s.apply(EventType.GETCWD, pid, 0), name);
    }

    @Test
    void aContainersProcessIsNamedFromTheContainersOwnList() {
        assertThat(field(200, "user.name")).isEqualTo("app");
        assertThat(field(200, "user.homedir")).isEqualTo("/home/app");
        assertThat(field(200, "group.name")).isEqualTo("apps");
        assertThat(field(100, "user.name")).as("the host's process").isEqualTo("www-data");
        assertThat(field(100, "group.name")).isEqualTo("www-data");
    }

    @Test
    void aContainerWithoutAListUsesTheHostsAndAUidMissingFromItsListHasNoName() {
        assertThat(field(300, "user.name")).as("no list read for this container").isEqualTo("www-data");
        s.state.apply(new Event().resetProcess(s.advance(1_000).now(), ProcessSnapshot.builder().pid(201).ppid(1).comm("sh")
                .exe("/bin/sh").uid(4321).gid(0).containerId("c0ffee000001").build()));
        assertThat(field(201, "user.name")).isEqualTo("<NA>");
        assertThat(field(201, "group.name")).as("root is root everywhere").isEqualTo("root");
    }

    /** Entries the host's list has no room for, and containers' lists given up for newer ones, are limits reached. */
    @Test
    void accountsTheTableHadNoRoomForAreCountedAsALimitReached() {
        for (int i = 0; i < dev.kestrel.fields.state.StateLimits.DEFAULTS.maxUsers() + 3; i++) {
            s.state.apply(new Event().resetUser(3, new UserMetadata(10_000 + i, "u" + i, "/", "/bin/sh")));
        }
        assertThat(s.state.limitsHit()).as("the host's list: 2 already, 3 too many").containsEntry("maxUsers", 5L);
        // three containers of 6,000 users each: together past the 16,384 the containers' lists hold
        for (String container : List.of("c0ffee00000a", "c0ffee00000b", "c0ffee00000c")) {
            for (int i = 0; i < 6_000; i++) {
                s.state.apply(new Event().resetUser(4, new UserMetadata(20_000 + i, "v" + i, "/", "/bin/sh"), container));
            }
        }
        assertThat(s.state.limitsHit()).as("the oldest container's list given up").containsEntry("maxUsers", 5L + 2);
    }
}
