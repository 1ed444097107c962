package dev.kestrel.response.actionners;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.yaml.BoundedTextFile;
import dev.kestrel.response.ActionnerEnvironment;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The Kubernetes side the {@code kubernetes:*} actionners share: one fabric8 client per responder on
 * the JDK HttpClient transport, configured as fabric8 does by default (in-cluster service account,
 * {@code KUBECONFIG}, {@code ~/.kube/config}) unless the {@code kubeconfig} setting names a file;
 * the pod an alert names; API errors as sentences. Redirects are not followed (a 3xx answer is an
 * error), so the client's credentials go to the configured API server only. Stateless.
 */
final class KubernetesAccess {

    private KubernetesAccess() {
    }

    /** A pod named by an alert. */
    record PodRef(String namespace, String name) {
        String target() {
            return "pod " + namespace + "/" + name;
        }
    }

    /** The most a kubeconfig file may hold. */
    static final int MAX_KUBECONFIG_BYTES = 4 << 20;

    static KubernetesClient client(ActionnerEnvironment env) {
        return env.shared(KubernetesClient.class, () -> open(env));
    }

    private static KubernetesClient open(ActionnerEnvironment env) {
        String kubeconfig = env.setting("kubeconfig");
        Config base;
        if (kubeconfig != null) {
            try {
                // refused by type (a FIFO, a device) and size before it is read, as every file Kestrel is given
                base = Config.fromKubeconfig(BoundedTextFile.read(Path.of(kubeconfig), MAX_KUBECONFIG_BYTES,
                        "kubeconfig file", "of " + (MAX_KUBECONFIG_BYTES >> 20) + " MiB for kubeconfig files"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the kubeconfig file " + kubeconfig + ": " + e.getMessage(), e);
            }
        } else {
            base = Config.autoConfigure(null);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, env.callTimeout().toMillis());
        Config config = new ConfigBuilder(base)
                .withRequestTimeout(millis)
                .withConnectionTimeout(millis)
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new NoRedirectsFactory()).build();
    }

    /**
     * fabric8's JDK transport with redirects never followed: fabric8 asks the JDK client to follow
     * every redirect, to any host, with the bearer token. A 3xx is the API server's answer, an error.
     */
    private static final class NoRedirectsFactory extends JdkHttpClientFactory {
        @Override
        protected void additionalConfig(HttpClient.Builder builder) {
            builder.followRedirects(HttpClient.Redirect.NEVER);
        }
    }

    /**
     * The pod of the alert's {@code k8s.pod.name} and {@code k8s.ns.name} (or Kubernetes audit's
     * {@code ka.target.*}), as Talon finds it.
     *
     * @throws IllegalArgumentException when the alert names no pod or no namespace
     */
    static PodRef pod(Alert alert) {
        String name = field(alert, "k8s.pod.name", "ka.target.pod.name", "ka.target.name");
        String namespace = field(alert, "k8s.ns.name", "ka.target.namespace");
        if (name == null) {
            throw new IllegalArgumentException("the alert has no k8s.pod.name among its output fields");
        }
        if (namespace == null) {
            throw new IllegalArgumentException("the alert has no k8s.ns.name among its output fields");
        }
        return new PodRef(namespace, name);
    }

    private static String field(Alert alert, String... keys) {
        for (String k : keys) {
            Object v = alert.outputFields().get(k);
            if (v != null && !v.toString().isEmpty() && !v.toString().equals("<NA>")) {
                return v.toString();
            }
        }
        return null;
    }

    /** The pod as the API server has it. */
    static Pod get(KubernetesClient client, PodRef ref) {
        Pod pod = call("read " + ref.target(), () -> client.pods().inNamespace(ref.namespace()).withName(ref.name()).get());
        if (pod == null) {
            throw new IllegalStateException("the pod '" + ref.name() + "' in the namespace '" + ref.namespace()
                    + "' does not exist");
        }
        return pod;
    }

    /** The kind of the pod's first owner ({@code ReplicaSet}, {@code DaemonSet}...), or null for a standalone pod. */
    static String ownerKind(Pod pod) {
        return ownerKind(pod.getMetadata().getOwnerReferences());
    }

    /** The kind of the first of {@code owners}, or null when there is none. */
    static String ownerKind(List<io.fabric8.kubernetes.api.model.OwnerReference> owners) {
        return owners == null || owners.isEmpty() ? null : owners.get(0).getKind();
    }

    /** Runs one API call, turning the client's exceptions into a sentence naming {@code what} was tried. */
    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new IllegalStateException(describe(what, e), e);
        }
    }

    static String describe(String what, KubernetesClientException e) {
        if (e.getCode() > 0) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : "";
            return "the API server answered " + e.getCode() + " to '" + what + "'" + (reason.isEmpty() ? "" : ": " + reason);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof HttpTimeoutException || root instanceof TimeoutException) {
            return "no answer from the API server in time to '" + what + "' (" + m + ")";
        }
        return "cannot reach the API server to '" + what + "': " + m;
    }
}
