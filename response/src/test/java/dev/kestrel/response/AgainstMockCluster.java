package dev.kestrel.response;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of the Kubernetes actionners: a fresh {@link MockCluster} per test and the records responders give. */
abstract class AgainstMockCluster {

    @TempDir
    Path dir;
    MockCluster cluster;
    final List<ActionRecord> records = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = new MockCluster(dir);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    /** A responder with {@code rules}, talking to the mock cluster, whose records land in {@link #records}. */
    Responder responder(String rules, boolean dryRun) {
        return Responder.builder().rulesText("rules.yaml", rules).dryRun(dryRun)
                .setting("kubeconfig", cluster.kubeconfig.toString()).callTimeout(Duration.ofSeconds(10))
                .listener(records::add).build();
    }
}
