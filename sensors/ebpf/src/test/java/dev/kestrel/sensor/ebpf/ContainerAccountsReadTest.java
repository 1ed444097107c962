package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's accounts are read off the writing thread: a read that never ends (an open of a FIFO
 * swapped in after the check, which no interrupt ends) costs one wait and one thread, counted; the next
 * containers are read on a fresh thread, and after {@link ContainerAccounts#MAX_STUCK} stuck reads none is tried.
 */
class ContainerAccountsReadTest {

    @TempDir
    Path proc;

    private final List<String> notes = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();

    @Test
    void aReadThatNeverEndsCostsOneWaitAndTheNextContainerIsReadOnAFreshThread() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        for (String pid : new String[] {"1", "100", "200", "300", "400", "500", "600"}) {
            Files.createDirectories(proc.resolve(pid).resolve("root"));
        }
        ContainerAccounts accounts = new ContainerAccounts(proc, Ticker.systemTicker(), notes::add, root -> {
            if (!root.startsWith(proc.resolve("200"))) {
                while (true) {
                    try {
                        never.await();
                        return new ContainerAccounts.Read(List.of(), List.of());
                    } catch (InterruptedException e) {
                        // as a blocked open(2) would: the interrupt does not end it
                    }
                }
            }
            return new ContainerAccounts.Read(List.of(new UserMetadata(4321, "app", "/home/app", "/bin/sh")),
                    List.of(new GroupMetadata(4321, "apps")));
        });
        Event event = new Event();
        try {
            accounts.send("aaaaaaaaaaaa", 100, event, this::record);
            accounts.send("bbbbbbbbbbbb", 200, event, this::record);
            assertThat(sent).containsExactly("user app of bbbbbbbbbbbb", "group apps of bbbbbbbbbbbb");
            assertThat(notes).containsExactly("containers whose /etc/passwd was not read within 500 ms (their users named as the host's)");
            for (int pid = 300; pid <= 600; pid += 100) {
                accounts.send("c" + pid + "ccccccccc", pid, event, this::record);
            }
            assertThat(notes).hasSize(1 + 3 + 1).endsWith(
                    "containers whose accounts were not read (" + ContainerAccounts.MAX_STUCK + " earlier reads never ended)");
        } finally {
            never.countDown();
        }
    }

    /** A container's /etc/group over the 4 MiB read: its users are sent, and the groups left unnamed are counted. */
    @Test
    void aGroupFileOverTheByteLimitIsCountedNotDroppedSilently() throws Exception {
        Path etc = Files.createDirectories(proc.resolve("100/root/etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        StringBuilder group = new StringBuilder("root:x:0:\napp:x:1000:\n");
        while (group.length() <= (4 << 20)) {
            group.append('#').append("x".repeat(1022)).append('\n');
        }
        Files.writeString(etc.resolve("group"), group);
        ContainerAccounts accounts = new ContainerAccounts(proc, Ticker.systemTicker(), notes::add);

        accounts.send("aaaaaaaaaaaa", 100, new Event(), this::record);

        assertThat(sent).containsExactly("user root of aaaaaaaaaaaa", "user app of aaaaaaaaaaaa");
        assertThat(notes).containsExactly(
                "containers whose /etc/group could not be read or named no group (their group ids have no names)");
    }

    private void record(Event e) {
        if (e.type() == EventType.USER_METADATA) {
            sent.add("user " + e.user().name() + " of " + e.recordContainerId());
        } else if (e.type() == EventType.GROUP_METADATA) {
            sent.add("group " + e.group().name() + " of " + e.recordContainerId());
        }
    }
}
