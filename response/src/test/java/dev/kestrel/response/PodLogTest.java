package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.core.Priority;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubernetes:log brings the container's last lines into the action record, within its byte limit. */
class PodLogTest extends AgainstMockCluster {

    @BeforeEach
    void startPod() {
        cluster.pod("blog", "was-1", Map.of("app", "was"), "ReplicaSet", "was");
    }

    ActionRecord fetch(String parameters) {
        try (Responder r = responder("""
                - rule: Keep logs
                  actions: [{action: Logs, actionner: kubernetes:log, parameters: %s}]
                """.formatted(parameters), false)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-1"));
        }
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void theContainersLastLinesLandInTheRecord() {
        cluster.log("blog", "was-1", "app", 3, "GET /health 200\nPOST /upload 500\nsh: whoami\n");
        ActionRecord rec = fetch("{tail_lines: 3}");
        assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
        assertThat(rec.output()).isEqualTo("GET /health 200\nPOST /upload 500\nsh: whoami\n");
        assertThat(rec.message()).isEqualTo("fetched 3 log line(s) of pod blog/was-1 container app");
        assertThat(rec.objects()).containsExactlyInAnyOrderEntriesOf(Map.of("pod", "was-1", "namespace", "blog", "container", "app"));
    }

    @Test
    void talonsDefaultOf1000LinesIsAsked() {
        cluster.log("blog", "was-1", "app", 1000, "one line\n");
        assertThat(fetch("{}").output()).isEqualTo("one line\n");
    }

    @Test
    void aLogOverTheByteLimitKeepsItsLastWholeLines() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            log.append("line ").append(i).append(" é ").append("x".repeat(20)).append('\n'); // 33 bytes, 32 chars
        }
        cluster.log("blog", "was-1", "app", 5000, log.toString());
        ActionRecord rec = fetch("{tail_lines: 5000}");
        byte[] kept = rec.output().getBytes(StandardCharsets.UTF_8);
        assertThat(kept.length).isLessThanOrEqualTo(64 * 1024).isGreaterThan(64 * 1024 - 40);
        assertThat(rec.output()).startsWith("line ").endsWith("line 4999 é " + "x".repeat(20) + "\n");
        assertThat(log.toString()).endsWith(rec.output());
        int total = log.toString().getBytes(StandardCharsets.UTF_8).length;
        assertThat(rec.message()).isEqualTo("fetched " + rec.output().lines().count() + " log line(s) of pod blog/was-1"
                + " container app (cut to its last " + kept.length + " bytes: the log had " + total
                + " bytes, the limit is 65536)");
    }

    @Test
    void aHugeAnswerIsReadOnlyUpToTheReadLimitEvenWhenTheServerIgnoresLimitBytes() throws Exception {
        // tail_lines 1 and one line of 32 MiB: the mock server sends all of it whatever limitBytes says
        cluster.log("blog", "was-1", "app", 1, "y".repeat(32 << 20) + "\n");
        ActionRecord rec = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> fetch("{tail_lines: 1}"));
        assertThat(cluster.server.getLastRequest().getPath()).contains("limitBytes=262144");
        assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
        assertThat(rec.output()).hasSize(64 * 1024).matches("y+");
        assertThat(rec.message()).isEqualTo("fetched 1 log line(s) of pod blog/was-1 container app (cut to 65536 bytes:"
                + " the answer reached the read limit of 262144 bytes, so these are the last lines of what was read,"
                + " not necessarily of the log; the limit is 65536)");
    }
}
