package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code min_healthy_replicas} of kubernetes:terminate against fabric8's mock API server. */
class ReplicaSafetyTest extends AgainstMockCluster {

    /** Terminates the pod of a ReplicaSet wanting {@code desired} replicas with {@code ready} ready. */
    ActionRecord terminate(String minHealthy, int desired, int ready) {
        cluster.replicaSet("blog", "was-5f8c7d9b44", desired, ready, "was");
        cluster.pod("blog", "was-5f8c7d9b44-q7m2z", Map.of("app", "was"), "ReplicaSet", "was-5f8c7d9b44");
        try (Responder r = responder("""
                - action: Terminate Pod
                  actionner: kubernetes:terminate
                  parameters: {min_healthy_replicas: "%s"}
                - rule: Kill
                  actions: [{action: Terminate Pod}]
                """.formatted(minHealthy), false)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "was-5f8c7d9b44-q7m2z"));
        }
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    @Test
    void tooFewReadyReplicasLeaveThePodAloneAndSayWhy() {
        ActionRecord rec = terminate("3", 3, 2);
        assertThat(rec.status()).isEqualTo(ActionStatus.IGNORED);
        assertThat(rec.message()).isEqualTo("the pod blog/was-5f8c7d9b44-q7m2z is left alone: its ReplicaSet was-5f8c7d9b44"
                + " (of Deployment was) has 2 of 3 replicas ready and min_healthy_replicas 3 needs 3");
        assertThat(cluster.exists("blog", "was-5f8c7d9b44-q7m2z")).isTrue();
    }

    @Test
    void enoughReadyReplicasLetThePodBeDeleted() {
        ActionRecord rec = terminate("3", 3, 3);
        assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
        assertThat(cluster.exists("blog", "was-5f8c7d9b44-q7m2z")).isFalse();
    }

    @Test
    void aPercentageOfTheDesiredReplicasIsRoundedUp() {
        // 75% of 4 is 3; 2 are ready
        ActionRecord rec = terminate("75%", 4, 2);
        assertThat(rec.status()).isEqualTo(ActionStatus.IGNORED);
        assertThat(rec.message()).endsWith("has 2 of 4 replicas ready and min_healthy_replicas 75% (3 of 4) needs 3");
        assertThat(cluster.exists("blog", "was-5f8c7d9b44-q7m2z")).isTrue();
    }

    @Test
    void aPercentageThatIsMetLetsThePodBeDeleted() {
        // 50% of 3 is 1.5, rounded up to 2; 2 are ready
        ActionRecord rec = terminate("50%", 3, 2);
        assertThat(rec.status()).isEqualTo(ActionStatus.SUCCESS);
        assertThat(cluster.exists("blog", "was-5f8c7d9b44-q7m2z")).isFalse();
    }

    @Test
    void aMissingReplicaSetIsAFailureAndThePodStays() {
        cluster.pod("blog", "orphan-1", Map.of("app", "x"), "ReplicaSet", "gone");
        try (Responder r = responder("""
                - rule: Kill
                  actions: [{action: Kill, actionner: kubernetes:terminate, parameters: {min_healthy_replicas: 1}}]
                """, false)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "orphan-1"));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).isEqualTo("the ReplicaSet 'gone' that owns the pod blog/orphan-1 does not exist, so"
                    + " min_healthy_replicas cannot be checked; the pod was not deleted");
        });
        assertThat(cluster.exists("blog", "orphan-1")).isTrue();
    }

    @Test
    void aDryRunSaysTheConditionWithoutAskingTheApiServer() {
        cluster.pod("blog", "web-1", Map.of("app", "web"), "ReplicaSet", "web");
        int before = cluster.server.getRequestCount();
        try (Responder r = responder("""
                - rule: Kill
                  actions: [{action: Kill, actionner: kubernetes:terminate, parameters: {min_healthy_replicas: "50%"}}]
                """, true)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog", "web-1"));
        }
        assertThat(cluster.server.getRequestCount()).isEqualTo(before);
        assertThat(records).singleElement().extracting(ActionRecord::message).isEqualTo("would delete pod blog/web-1"
                + " (grace period 0s) unless its ReplicaSet has fewer ready replicas than min_healthy_replicas 50%");
    }
}
