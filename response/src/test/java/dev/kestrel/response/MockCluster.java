package dev.kestrel.response;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * fabric8's API-server stand-in in CRUD mode on 127.0.0.1, a kubeconfig file pointing at it, and a
 * client for the test's own setup and checks.
 */
final class MockCluster implements AutoCloseable {

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Path kubeconfig;

    MockCluster(Path dir) {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
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

    boolean exists(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get() != null;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
