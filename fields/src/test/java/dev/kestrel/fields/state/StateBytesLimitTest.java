package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.fields.EventScript;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The state tables are bounded in bytes, not only in entries: hostile fd floods evict LRU and count it. */
class StateBytesLimitTest {

    @Test
    void processesThatOpenFilesAndNeverCloseThemStayWithinTheByteLimit() {
        long maxBytes = 4L << 20;
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxBytes(maxBytes));
        EventScript s = new EventScript(state);
        s.exec(1, "/sbin/init", "init");
        String prefix = "/var/lib/app/data/" + "d".repeat(60) + "/file-";
        long peak = 0;
        // 300 processes x 1,000 open files: about 280 MB of state by the estimate without the byte limit.
        for (int p = 0; p < 300; p++) {
            long pid = 1000 + p;
            s.fork(1, pid);
            for (int fd = 3; fd < 1003; fd++) {
                s.open(pid, prefix + fd, "O_RDONLY", fd);
            }
            peak = Math.max(peak, state.threads().bytes());
        }
        assertThat(peak).isLessThanOrEqualTo(maxBytes);
        StateCounters c = state.counters();
        // Every process that left the table (none exited or idled out) was counted as evicted for bytes.
        assertThat(c.processesEvictedForBytes()).isPositive()
                .isEqualTo(301 - state.threads().processCount());
        assertThat(c.processesExited() + c.threadsPurged()).isZero();
        assertThat(c.bytes()).isLessThanOrEqualTo(maxBytes);
        assertThat(state.limitsHit()).containsEntry("maxStateBytes", c.processesEvictedForBytes());
        // Least recently active first: the first processes went, the last one and init stayed.
        assertThat(state.threads().process(1000)).isNull();
        assertThat(state.threads().process(1299)).isNotNull();
        assertThat(state.threads().process(1299).fds().size()).isEqualTo(1000);
        assertThat(state.threads().process(1)).isNotNull();
    }

    @Test
    void bytesComeBackWhenProcessesCloseAndExit() {
        SystemState state = SystemState.create();
        EventScript s = new EventScript(state);
        s.exec(1, "/sbin/init", "init");
        long base = state.threads().bytes();
        s.fork(1, 50);
        s.exec(50, "/bin/cat", "cat", "a".repeat(1000));
        s.open(50, "/etc/" + "p".repeat(500), "O_RDONLY", 3);
        long busy = state.threads().bytes();
        assertThat(busy).isGreaterThan(base + 2 * 1000 + 4 * 500);
        s.apply(EventType.CLOSE, 50, 0, "fd", 3);
        assertThat(state.threads().bytes()).isLessThan(busy);
        s.exit(50);
        assertThat(state.threads().bytes()).isEqualTo(base);
    }

    @Test
    void socketsRenamedByConnectAndSendtoGiveBackExactlyWhatTheyTook() {
        SystemState state = SystemState.create();
        EventScript s = new EventScript(state);
        s.exec(1, "/sbin/init", "init");
        s.fork(1, 60);
        long base = state.threads().bytes();
        for (int i = 0; i < 1000; i++) {
            s.socket(60, 5);
            s.connect(60, 5, "10.0.0.7:" + (40000 + i) + "->10.96.0.10:53");
            s.apply(EventType.CLOSE, 60, 0, "fd", 5);
            s.socket(60, 6);
            s.apply(EventType.SENDTO, 60, 40, "fd", 6, "tuple",
                    "10.0.0.7:" + (50000 + i) + "->10.96.0.10:53");
            s.apply(EventType.CLOSE, 60, 0, "fd", 6);
        }
        assertThat(state.threads().process(60).fds().size()).isZero();
        assertThat(state.threads().bytes()).isEqualTo(base);
        s.exit(60);
        assertThat(state.threads().bytes()).isPositive();
    }

    @Test
    void aLongFdNameIsCutToTheLimitAndCounted() {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxFdNameBytes(4096));
        EventScript s = new EventScript(state);
        s.exec(1, "/sbin/init", "init");
        StateContext ctx = s.open(1, "/tmp/" + "é".repeat(10_000), "O_RDONLY", 3);
        String name = state.threads().process(1).fds().get(3).name();
        assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(name).startsWith("/tmp/é");
        assertThat(state.counters().fdNamesCut()).isEqualTo(1);
        assertThat(state.limitsHit()).containsEntry("maxFdNameBytes", 1L);
        assertThat(ctx.fd().name()).as("the event sees the name as kept").isEqualTo(name);
    }
}
