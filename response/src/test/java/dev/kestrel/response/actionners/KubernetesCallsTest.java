package dev.kestrel.response.actionners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.response.ActionnerEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call timeout of {@link KubernetesAccess.Calls} and its bound on helper threads left stuck. */
class KubernetesCallsTest {

    @TempDir
    Path dir;

    /** Settings and a call timeout; shares nothing. */
    record Environment(Map<String, String> settings, Duration callTimeout) implements ActionnerEnvironment {
        @Override
        public String setting(String name) {
            return settings.get(name);
        }

        @Override
        public <T> T shared(Class<T> type, Supplier<? extends T> maker) {
            return maker.get();
        }
    }

    @Test
    void callsWhoseThreadsIgnoreInterruptsStopAfterTheStuckLimit() throws Exception {
        // the client is never used: each call blocks its thread, deaf to interrupts, until the test ends
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig.yaml"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                users: [{name: u, user: {}}]
                """);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        try (KubernetesAccess.Calls calls = new KubernetesAccess.Calls(
                new Environment(Map.of("kubeconfig", kubeconfig.toString()), Duration.ofMillis(100)))) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int i = 1; i <= KubernetesAccess.Calls.MAX_STUCK; i++) {
                    String left = "; its thread did not end and is left behind, " + i + " of at most 4"
                            + (i == 4 ? ", so no more calls are made" : "");
                    assertThatThrownBy(() -> calls.call("read pod blog/was-1", client -> {
                        started.incrementAndGet();
                        boolean released = false;
                        while (!released) {
                            try {
                                released = release.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                // deaf to it, as a read no interrupt ends
                            }
                        }
                        return null;
                    })).isInstanceOf(IllegalStateException.class).hasMessage("no answer from the API server in time to"
                            + " 'read pod blog/was-1' (the call took over 100 ms and was abandoned" + left + ")");
                    assertThat(calls.stuck()).isEqualTo(i);
                }
                assertThatThrownBy(() -> calls.call("read pod blog/was-2", client -> started.incrementAndGet()))
                        .hasMessage("no call made to 'read pod blog/was-2': 4 earlier API calls never ended after their timeout");
            });
            assertThat(started).hasValue(KubernetesAccess.Calls.MAX_STUCK);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aClosedResponderMakesNoMoreCalls() {
        KubernetesAccess.Calls calls = new KubernetesAccess.Calls(new Environment(Map.of(), Duration.ofSeconds(5)));
        calls.close();
        assertThatThrownBy(() -> calls.call("read pod blog/was-1", client -> "unused"))
                .hasMessage("no call made to 'read pod blog/was-1': the responder is closed");
    }
}
