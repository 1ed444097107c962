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
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes side the {@code kubernetes:*} actionners share: one fabric8 client per responder on
 * the JDK HttpClient transport, configured as fabric8 does by default (in-cluster service account,
 * {@code KUBECONFIG}, {@code ~/.kube/config}) unless the {@code kubeconfig} setting names a file;
 * the pod an alert names; API errors as sentences. Redirects are not followed (a 3xx answer is an
 * error), so the client's credentials go to the configured API server only. Each call takes at most
 * the call timeout ({@link Calls}).
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

    /** The responder's Kubernetes calls, made on first use. */
    static Calls calls(ActionnerEnvironment env) {
        return env.shared(Calls.class, () -> new Calls(env));
    }

    /**
     * The API calls of one responder, each within the call timeout from start to end: the client's own
     * request timeout covers only the answer's headers, so each call runs on a helper thread that the
     * caller waits for at most the call timeout. A call past it is a failure: it is interrupted, the
     * answer bodies its client was receiving are cancelled (which ends the exchanges) and the client is
     * closed (the next call opens a new one). A helper thread
     * that does not end within {@link #END_WAIT} of that is left behind and counted; after
     * {@link #MAX_STUCK} of them no more calls are made, each a failure saying so. Thread-safe.
     */
    static final class Calls implements AutoCloseable {

        /** Helper threads left stuck in a call before no more calls are made. */
        static final int MAX_STUCK = 4;
        /** How long an abandoned call's helper thread may take to end before it counts as stuck. */
        static final Duration END_WAIT = Duration.ofSeconds(1);

        private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

        private final ActionnerEnvironment env;
        private KubernetesClient client;
        private AnswerBodies bodies;
        /** The helper thread; replaced when one is left stuck, null once {@link #MAX_STUCK} were or when closed. */
        private ExecutorService calling = newCallingThread();
        private int stuck;
        private boolean closed;

        Calls(ActionnerEnvironment env) {
            this.env = env;
        }

        /** One daemon thread, ended when idle for 5 s, so a responder at rest keeps none. */
        private static ExecutorService newCallingThread() {
            ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "kestrel-kubernetes-call");
                t.setDaemon(true);
                return t;
            });
            e.allowCoreThreadTimeOut(true);
            return e;
        }

        /** Helper threads left stuck so far (at most {@link #MAX_STUCK}). */
        synchronized int stuck() {
            return stuck;
        }

        private synchronized KubernetesClient client() {
            if (client == null) {
                bodies = new AnswerBodies();
                client = open(env, bodies);
            }
            return client;
        }

        /**
         * Runs one API call with the client within the call timeout, turning the client's exceptions into
         * a sentence naming {@code what} was tried.
         *
         * @throws IllegalStateException when the call fails, takes longer than the call timeout, or no
         *         more calls are made
         */
        <T> T call(String what, Function<KubernetesClient, T> call) {
            ExecutorService executor;
            synchronized (this) {
                executor = calling;
            }
            if (executor == null) {
                throw new IllegalStateException("no call made to '" + what + "': " + (closed ? "the responder is closed"
                        : MAX_STUCK + " earlier API calls never ended after their timeout"));
            }
            KubernetesClient used;
            AnswerBodies usedBodies;
            synchronized (this) {
                used = client();
                usedBodies = bodies;
            }
            CountDownLatch ended = new CountDownLatch(1);
            Future<T> running;
            try {
                running = executor.submit(() -> {
                    try {
                        return call.apply(used);
                    } finally {
                        ended.countDown();
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new IllegalStateException("no call made to '" + what + "': the responder is closed", e);
            }
            long millis = env.callTimeout().toMillis();
            try {
                return running.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                running.cancel(true);
                String left = abandon(used, usedBodies, executor, ended);
                throw new IllegalStateException("no answer from the API server in time to '" + what + "' (the call took over "
                        + millis + " ms and was abandoned" + left + ")");
            } catch (InterruptedException e) {
                running.cancel(true);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the API server to '" + what + "'", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof KubernetesClientException k) {
                    throw new IllegalStateException(describe(what, k), k);
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("cannot '" + what + "': " + cause, cause);
            }
        }

        /**
         * Ends the exchanges and closes the client of a call past its time; counts its helper thread as
         * stuck if it does not end within {@link #END_WAIT}, and then says so (else "").
         */
        private String abandon(KubernetesClient used, AnswerBodies usedBodies, ExecutorService executor, CountDownLatch ended) {
            synchronized (this) {
                if (client == used) {
                    client = null;
                    bodies = null;
                }
            }
            usedBodies.cancelAll();
            closeQuietly(used);
            boolean threadEnded;
            try {
                threadEnded = ended.await(END_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threadEnded = false;
            }
            if (threadEnded) {
                return "";
            }
            synchronized (this) {
                if (calling == executor) {
                    executor.shutdownNow();
                    stuck++;
                    calling = stuck < MAX_STUCK && !closed ? newCallingThread() : null;
                    LOG.warn("an API call did not end {} ms after its timeout; its thread is left behind ({} of at most {})",
                            END_WAIT.toMillis(), stuck, MAX_STUCK);
                }
                return "; its thread did not end and is left behind, " + stuck + " of at most " + MAX_STUCK
                        + (calling == null && !closed ? ", so no more calls are made" : "");
            }
        }

        private static void closeQuietly(KubernetesClient client) {
            try {
                client.close();
            } catch (RuntimeException e) {
                LOG.warn("closing the Kubernetes client failed: {}", String.valueOf(e));
            }
        }

        @Override
        public void close() {
            KubernetesClient open;
            AnswerBodies openBodies;
            synchronized (this) {
                closed = true;
                open = client;
                openBodies = bodies;
                client = null;
                bodies = null;
                if (calling != null) {
                    calling.shutdownNow();
                    calling = null;
                }
            }
            if (open != null) {
                openBodies.cancelAll();
                closeQuietly(open);
            }
        }
    }

    private static KubernetesClient open(ActionnerEnvironment env, AnswerBodies bodies) {
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
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new NoRedirectsFactory())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(AnswerBodies.NAME, bodies)).build();
    }

    /**
     * The answer bodies a client is receiving, so that a call past its time can end its exchange:
     * neither interrupting the caller nor closing the client stops the JDK client reading a body that
     * never ends. Thread-safe.
     */
    static final class AnswerBodies implements Interceptor {

        static final String NAME = "kestrel-answer-bodies";

        private final Set<AsyncBody> receiving = ConcurrentHashMap.newKeySet();

        private void receiving(AsyncBody body) {
            if (receiving.add(body)) {
                body.done().whenComplete((done, failure) -> receiving.remove(body));
            }
        }

        @Override
        public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
            if (response.body() instanceof AsyncBody body) {
                receiving(body);
            }
        }

        @Override
        public AsyncBody.Consumer<List<ByteBuffer>> consumer(AsyncBody.Consumer<List<ByteBuffer>> consumer, HttpRequest request) {
            return new AsyncBody.Consumer<>() {
                @Override
                public void consume(List<ByteBuffer> value, AsyncBody body) throws Exception {
                    receiving(body);
                    consumer.consume(value, body);
                }

                @Override
                public <U> U unwrap(Class<U> target) {
                    return consumer.unwrap(target);
                }
            };
        }

        /** Cancels every body still being received, which closes its connection. */
        void cancelAll() {
            for (AsyncBody body : receiving) {
                body.cancel();
                receiving.remove(body);
            }
        }
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
    static Pod get(Calls api, PodRef ref) {
        Pod pod = api.call("read " + ref.target(), client -> client.pods().inNamespace(ref.namespace()).withName(ref.name()).get());
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
