package dev.kestrel.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.runtime.JsonLinesFeed;
import dev.kestrel.engine.runtime.Kestrel;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes actionners against fabric8's mock API server in CRUD mode. */
class KubernetesActionsTest extends AgainstMockCluster {

    static final Path ROOT = SharedFiles.root();

    @Test
    void replayingTheJavaSpawnsShellScenarioDeletesExactlyThatPod() throws Exception {
        cluster.pod("blog-system", "was-5f8c7d9b44-q7m2z", Map.of("app", "was"), "ReplicaSet", "was-5f8c7d9b44");
        cluster.pod("blog-system", "web-7f9c8d6b5-x2x7q", Map.of("app", "web"), "ReplicaSet", "web-7f9c8d6b5");
        cluster.pod("kube-system", "coredns-1", Map.of("k8s-app", "kube-dns"), "ReplicaSet", "coredns");
        String rules = Files.readString(ROOT.resolve("src/response/response_rules.yaml")).replace("dry_run: true", "dry_run: false");
        Responder responder = responder(rules, false);
        Kestrel kestrel = Kestrel.builder().rules(SharedFiles.falcoRules(), ROOT.resolve("src/rules/user_rules.yaml"))
                .sink(responder).build();
        try (BufferedReader in = Files.newBufferedReader(ROOT.resolve("src/scenarios/05-java-spawns-shell/events.jsonl"))) {
            new EventJsonReader().read(in, new JsonLinesFeed(kestrel));
        }
        kestrel.close();

        assertThat(cluster.exists("blog-system", "was-5f8c7d9b44-q7m2z")).isFalse();
        assertThat(cluster.client.pods().inAnyNamespace().list().getItems()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder("web-7f9c8d6b5-x2x7q", "coredns-1");
        assertThat(records).extracting(ActionRecord::actionner, ActionRecord::status, ActionRecord::target).containsExactly(
                Tuple.tuple("kubernetes:log", ActionStatus.SUCCESS, "pod blog-system/was-5f8c7d9b44-q7m2z"),
                Tuple.tuple("kubernetes:terminate", ActionStatus.SUCCESS, "pod blog-system/was-5f8c7d9b44-q7m2z"));
        assertThat(records.get(1).alertRule()).isEqualTo("Java Process Spawning Shell");
        assertThat(records.get(1).responseRule()).isEqualTo("Kill pods running a shell from Java");
        assertThat(responder.counters().actions(ActionStatus.SUCCESS)).isEqualTo(2);
    }

    static final String TERMINATE = """
            - action: Terminate Pod
              actionner: kubernetes:terminate
              parameters: {grace_period_seconds: 5, ignore_daemonsets: true, ignore_statefulsets: false}
            - rule: Kill
              match: {rules: [Shell]}
              actions: [{action: Terminate Pod}]
            """;

    @Test
    void aDaemonSetsPodIsLeftAloneWhenToldToIgnoreThemAndAStatefulSetsIsNot() {
        cluster.pod("monitoring", "agent-abcde", Map.of("app", "agent"), "DaemonSet", "agent");
        cluster.pod("data", "db-0", Map.of("app", "db"), "StatefulSet", "db");
        try (Responder r = responder(TERMINATE, false)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "monitoring", "agent-abcde"));
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "data", "db-0"));
        }
        assertThat(cluster.exists("monitoring", "agent-abcde")).isTrue();
        assertThat(cluster.exists("data", "db-0")).isFalse();
        assertThat(records).extracting(ActionRecord::status).containsExactly(ActionStatus.IGNORED, ActionStatus.SUCCESS);
        assertThat(records.get(0).message()).contains("belongs to a DaemonSet");
        assertThat(records.get(1).message()).isEqualTo("deleted pod data/db-0 (grace period 5s)");
    }

    static final String QUARANTINE = """
            - action: Quarantine
              actionner: kubernetes:label
              parameters:
                labels: {quarantine: "true", tier: ""}
            - action: Isolate
              actionner: kubernetes:networkpolicy
              parameters:
                allow_cidr: [10.0.0.0/8]
                allow_namespaces: [kube-system]
            - rule: Quarantine
              match: {priority: ">=Warning"}
              actions: [{action: Quarantine}, {action: Isolate}]
            """;

    @Test
    void labelAndNetworkPolicyCreateExactlyTheExpectedObjects() {
        cluster.client.apps().replicaSets().inNamespace("blog-system").resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web-7f9c8d6b5").withNamespace("blog-system").endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "web", "pod-template-hash", "7f9c8d6b5"))
                .endSelector().endSpec().build()).create();
        cluster.pod("blog-system", "web-7f9c8d6b5-x2x7q", Map.of("app", "web", "pod-template-hash", "7f9c8d6b5", "tier", "front"),
                "ReplicaSet", "web-7f9c8d6b5");
        try (Responder r = responder(QUARANTINE, false)) {
            r.accept(TestAlerts.podAlert("Write", Priority.ERROR, "blog-system", "web-7f9c8d6b5-x2x7q"));
        }
        assertThat(records).extracting(ActionRecord::status).containsExactly(ActionStatus.SUCCESS, ActionStatus.SUCCESS);
        assertThat(cluster.client.pods().inNamespace("blog-system").withName("web-7f9c8d6b5-x2x7q").get().getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "web", "pod-template-hash", "7f9c8d6b5", "quarantine", "true"));
        List<NetworkPolicy> policies = cluster.client.network().v1().networkPolicies().inAnyNamespace().list().getItems();
        assertThat(policies).hasSize(1);
        NetworkPolicy p = policies.get(0);
        assertThat(p.getMetadata().getName()).isEqualTo("web-7f9c8d6b5");
        assertThat(p.getMetadata().getNamespace()).isEqualTo("blog-system");
        assertThat(p.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kestrel");
        assertThat(p.getSpec().getPodSelector().getMatchLabels()).containsExactlyEntriesOf(Map.of("app", "web"));
        assertThat(p.getSpec().getPolicyTypes()).containsExactly("Egress");
        assertThat(p.getSpec().getIngress()).isNullOrEmpty();
        assertThat(p.getSpec().getEgress()).hasSize(1);
        assertThat(p.getSpec().getEgress().get(0).getTo()).hasSize(2);
        assertThat(p.getSpec().getEgress().get(0).getTo().get(0).getIpBlock().getCidr()).isEqualTo("10.0.0.0/8");
        assertThat(p.getSpec().getEgress().get(0).getTo().get(1).getNamespaceSelector().getMatchLabels())
                .containsExactlyEntriesOf(Map.of("kubernetes.io/metadata.name", "kube-system"));
        assertThat(records.get(1).objects()).containsEntry("networkpolicy", "web-7f9c8d6b5");
    }

    @Test
    void aDryRunChangesNothingAndRecordsWhatItWouldHaveDone() {
        cluster.pod("blog-system", "web-1", Map.of("app", "web"), null, null);
        int before = cluster.server.getRequestCount();
        try (Responder r = responder(QUARANTINE + TERMINATE.replace("[Shell]", "[Write]"), true)) {
            r.accept(TestAlerts.podAlert("Write", Priority.ERROR, "blog-system", "web-1"));
        }
        assertThat(cluster.server.getRequestCount()).isEqualTo(before);
        assertThat(cluster.client.pods().inNamespace("blog-system").withName("web-1").get().getMetadata().getLabels())
                .containsExactlyEntriesOf(Map.of("app", "web"));
        assertThat(cluster.client.network().v1().networkPolicies().inAnyNamespace().list().getItems()).isEmpty();
        assertThat(records).extracting(ActionRecord::status).containsOnly(ActionStatus.DRY_RUN);
        assertThat(records).extracting(ActionRecord::message).containsExactly(
                "would label pod blog-system/web-1 with quarantine=true,-tier",
                "would deny egress of pod blog-system/web-1 except to 10.0.0.0/8, namespace kube-system",
                "would delete pod blog-system/web-1 (grace period 5s)");
        assertThat(records).allMatch(ActionRecord::dryRun);
    }

    @Test
    void aThousandIdenticalAlertsInASecondDeleteThePodOnce() {
        cluster.pod("blog-system", "was-1", Map.of("app", "was"), "ReplicaSet", "was");
        Alert alert = TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog-system", "was-1");
        Responder r = responder(TERMINATE, false);
        for (int i = 0; i < 1000; i++) {
            r.accept(alert);
        }
        r.close();
        assertThat(cluster.exists("blog-system", "was-1")).isFalse();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).status()).isEqualTo(ActionStatus.SUCCESS);
        ResponseCounters c = r.counters();
        assertThat(c.alertsReceived()).isEqualTo(1000);
        assertThat(c.actionsDeduplicated()).isEqualTo(999);
        assertThat(c.jobsQueued()).isEqualTo(1);
        assertThat(c.jobsDropped()).isZero();
    }

    @Test
    void aMissingPodIsAFailureThatNamesIt() {
        try (Responder r = responder(TERMINATE, false)) {
            r.accept(TestAlerts.podAlert("Shell", Priority.CRITICAL, "blog-system", "gone-1"));
        }
        assertThat(records).singleElement().satisfies(rec -> {
            assertThat(rec.status()).isEqualTo(ActionStatus.FAILURE);
            assertThat(rec.error()).isEqualTo("the pod 'gone-1' in the namespace 'blog-system' does not exist");
        });
    }
}
