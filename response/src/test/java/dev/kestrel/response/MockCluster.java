package dev.kestrel.response;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's API-server stand-in in CRUD mode on 127.0.0.1 (with expectations first, for what CRUD
 * mode does not keep, such as a container's log), a kubeconfig file pointing at it, and a client for
 * the test's own setup and checks.
 */
final class MockCluster implements AutoCloseable {

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Path kubeconfig;

    MockCluster(Path dir) {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
                new KubernetesMixedDispatcher(expectations), false);
        try {
            server.init(InetAddress.getByName("127.0.0.1"), 0);
            client = server.createClient();
            kubeconfig = writeKubeconfig(dir, server.url("/").replaceAll("/$", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kubeconfig whose one cluster is {@code url}, with no credentials. */
    static Path writeKubeconfig(Path dir, String url) throws IOException {
        Path file = Files.createTempFile(dir, "kubeconfig", ".yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                contexts:
                - name: mock
                  context: {cluster: mock, user: tester, namespace: default}
                current-context: mock
                users:
                - name: tester
                  user: {}
                """.formatted(url));
        return file;
    }

    /** Creates a pod; {@code ownerKind} null makes a standalone pod. */
    Pod pod(String namespace, String name, Map<String, String> labels, String ownerKind, String ownerName) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.example.com/app:1").endContainer().endSpec();
        if (ownerKind != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind).withName(ownerName)
                    .withUid(ownerName + "-uid").withController(true).endOwnerReference().endMetadata();
        }
        return client.pods().inNamespace(namespace).resource(b.build()).create();
    }

    /**
     * Creates a ReplicaSet wanting {@code desired} replicas of which {@code ready} are ready, owned by
     * the Deployment {@code deployment} (null: none).
     */
    ReplicaSet replicaSet(String namespace, String name, int desired, int ready, String deployment) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec().withReplicas(desired).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .endSpec();
        if (deployment != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment").withName(deployment)
                    .withUid(deployment + "-uid").withController(true).endOwnerReference().endMetadata();
        }
        ReplicaSet created = client.apps().replicaSets().inNamespace(namespace).resource(b.build()).create();
        created.setStatus(new ReplicaSetStatusBuilder().withReplicas(desired).withReadyReplicas(ready)
                .withAvailableReplicas(ready).build());
        return client.apps().replicaSets().inNamespace(namespace).resource(created).updateStatus();
    }

    /**
     * The log endpoint of a pod's container answers {@code body} when asked for its last {@code tailLines}
     * lines and at most 256 KiB (kubernetes:log's read limit), whatever the size of {@code body}.
     */
    void log(String namespace, String pod, String container, int tailLines, String body) {
        server.expect().get().withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false&container="
                + container + "&tailLines=" + tailLines + "&limitBytes=262144").andReturn(200, body).always();
    }

    boolean exists(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get() != null;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
