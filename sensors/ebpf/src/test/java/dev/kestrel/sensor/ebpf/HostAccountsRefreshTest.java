package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import dev.kestrel.sensor.proc.HostAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user added to the host after the sensor started is named at its first exec, as libsinsp looks such a uid up. */
class HostAccountsRefreshTest {

    private static final String RULES = """
            - rule: Exec
              desc: an exec
              condition: evt.type = execve
              output: exec uid=%user.uid user=%user.name group=%group.name login=%user.loginname
              priority: NOTICE
            """;

    @TempDir
    Path host;

    @TempDir
    Path proc;

    private final AtomicLong nanos = new AtomicLong(1);

    private static SensorRecord.Exec exec(long ts, long pid, long uid, long loginUid) {
        return new SensorRecord.Exec(ts, pid, pid, 1, uid, uid, uid, loginUid, 0, 0, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN,
                "id", "/usr/bin/id", List.of("id"), false, false, false);
    }

    @Test
    void aUserAddedAfterTheStartIsNamedAtItsFirstExecAndTheListsAreReadAtMostEveryTenSeconds() throws Exception {
        Files.createDirectories(host.resolve("etc"));
        Files.writeString(host.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(host.resolve("etc/group"), "root:x:0:\n");
        CollectingSink sink = new CollectingSink("test");
        EventWriter writer = new EventWriter(0, new CgroupNames(10, 1 << 20), "", null, proc, nanos::get, new LocalAddresses(List.of()));
        try (Kestrel kestrel = Kestrel.builder().rulesText("test.yaml", RULES).ruleMatching(RuleMatching.ALL).sink(sink).build()) {
            HostAccounts start = new HostAccounts(host);
            writer.write(new SensorRecord.Accounts(start.users(), start.groups(), host), kestrel::process);
            writer.write(exec(1_000, 40, 0, -1), kestrel::process);
            // useradd alice, then su alice: her first exec names her
            Files.writeString(host.resolve("etc/passwd"), "alice:x:1001:1001::/home/alice:/bin/sh\n", StandardOpenOption.APPEND);
            Files.writeString(host.resolve("etc/group"), "alice:x:1001:\n", StandardOpenOption.APPEND);
            nanos.addAndGet(HostAccountsRefresh.MIN_INTERVAL.toNanos());
            writer.write(exec(2_000, 41, 1001, 1001), kestrel::process);
            // a second new user within ten seconds waits for the next read
            Files.writeString(host.resolve("etc/passwd"), "bob:x:1002:1002::/home/bob:/bin/sh\n", StandardOpenOption.APPEND);
            writer.write(exec(3_000, 42, 1002, -1), kestrel::process);
            nanos.addAndGet(HostAccountsRefresh.MIN_INTERVAL.toNanos());
            writer.write(exec(4_000, 43, 1002, -1), kestrel::process);
            kestrel.flush(Duration.ofSeconds(10));
        }
        assertThat(sink.alerts()).extracting(HostAccountsRefreshTest::text).containsExactly(
                "exec uid=0 user=root group=root login=<NA>",
                "exec uid=1001 user=alice group=alice login=alice",
                "exec uid=1002 user=<NA> group=<NA> login=<NA>",
                "exec uid=1002 user=bob group=<NA> login=<NA>");
        assertThat(writer.notes()).containsEntry("host account lists read again (an exec named a user or group they lacked)", 2L);
    }

    private static String text(Alert a) {
        String o = a.output();
        return o.substring(o.indexOf(' ', o.indexOf(": ") + 2) + 1);
    }
}
