package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.engine.sink.CollectingSink;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Falco's "Contact K8S API Server From Container" compares {@code fd.sip.name} with the API server's name:
 * it can fire only once that name was resolved into the engine. No real lookup: a stand-in resolver.
 */
class HostNameResolverTest {

    private static final String API = "kubernetes.default.svc.cluster.local";
    private static final String ID = "4d5e6f7a8b9c";

    /** The stand-in: the API server at 10.96.0.1, every other name unknown. */
    private static List<InetAddress> cluster(String name) throws IOException {
        if (name.equals(API)) {
            return List.of(InetAddress.getByAddress(name, new byte[] {10, 96, 0, 1}));
        }
        throw new UnknownHostException(name);
    }

    private static void connectToApiServer(Kestrel k) {
        k.process(new Event().resetContainer(1, ContainerMetadata.builder().id(ID).name("shop").image("registry.example/shop:1")
                .imageRepository("registry.example/shop").build()));
        k.process(new Event().resetProcess(2, ProcessSnapshot.builder().pid(40).ppid(1).comm("curl").exe("curl")
                .containerId(ID).build()));
        Event connect = new Event().reset(EventType.CONNECT, 3, 40, 40, 0);
        connect.setNumber(EventType.CONNECT.slot("res"), 0);
        connect.setNumber(EventType.CONNECT.slot("fd"), 5);
        connect.setText(EventType.CONNECT.slot("tuple"), "10.244.0.7:40000->10.96.0.1:443");
        k.process(connect);
    }

    @Test
    void theOfficialRulesNameTheApiServer() {
        try (Kestrel k = Kestrel.builder().rules(SharedFiles.falcoRules()).build()) {
            assertThat(k.hostNamesInRules()).contains(API);
        }
    }

    @Test
    void onceTheNameIsResolvedAConnectionToItsAddressFires() throws InterruptedException {
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rules(SharedFiles.falcoRules()).sink(sink).build();
             HostNameResolver resolver = HostNameResolver.start(k, HostNameResolverTest::cluster, Duration.ofHours(1))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (resolver.resolved() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(resolver.resolved()).isEqualTo(1);
            assertThat(resolver.failed()).as("the official rules name no other host").isZero();
            connectToApiServer(k);
            k.flush(Duration.ofSeconds(10));
        }
        assertThat(sink.alerts()).extracting(Alert::rule).contains("Contact K8S API Server From Container");
    }

    @Test
    void withoutTheNameTheSameConnectionDoesNotFire() {
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rules(SharedFiles.falcoRules()).sink(sink).build()) {
            connectToApiServer(k);
            k.flush(Duration.ofSeconds(10));
        }
        assertThat(sink.alerts()).extracting(Alert::rule).doesNotContain("Contact K8S API Server From Container");
    }

    @Test
    void aNameThatDoesNotResolveIsCountedAndTriedAgainNextRound() throws InterruptedException {
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", """
                - rule: Known host
                  desc: a connection to one of two named hosts
                  condition: evt.type = connect and fd.sip.name in (nowhere.invalid, kubernetes.default.svc.cluster.local)
                  output: to %fd.sip.name
                  priority: notice
                """).build();
             HostNameResolver r = HostNameResolver.start(k, HostNameResolverTest::cluster, Duration.ofMillis(20))) {
            assertThat(k.hostNamesInRules()).containsExactly(API, "nowhere.invalid");
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (r.failed() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(r.failed()).as("nowhere.invalid, once per round").isGreaterThanOrEqualTo(2);
            assertThat(r.resolved()).isGreaterThanOrEqualTo(1);
        }
        assertThatThrownBy(() -> HostNameResolver.start(null, HostNameResolver.SYSTEM, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class);
        try (Kestrel k = Kestrel.builder().defaultRules().build()) {
            assertThatThrownBy(() -> HostNameResolver.start(k, HostNameResolver.SYSTEM, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
