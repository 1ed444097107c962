package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.spi.MetadataProvider;
import dev.kestrel.fields.EventScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerTableTest {

    /** A provider that knows one container and its pod. */
    static final class FakeRuntime implements MetadataProvider {
        int lookups;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Optional<ContainerMetadata> container(String id) {
            lookups++;
            if (!id.equals("0123456789ab")) {
                return Optional.empty();
            }
            ContainerMetadata c = ContainerMetadata.of(id, "web", "nginx", "1.25");
            return Optional.of(new ContainerMetadata(c.id(), null, c.name(), c.image(), c.imageRepository(), c.imageTag(),
                    null, null, "containerd", false, Map.of(), List.of(), 1, null, false, false, false, "pod-1"));
        }

        @Override
        public Optional<PodMetadata> pod(String uid) {
            return Optional.of(new PodMetadata(uid, "web-1", "blog-system", Map.of(), null, null, List.of()));
        }
    }

    @Test
    void aPendingLookupShowsTheIdOnlyUntilItCompletes() {
        List<Runnable> queued = new ArrayList<>();
        FakeRuntime runtime = new FakeRuntime();
        SystemState state = SystemState.create(StateLimits.DEFAULTS, List.of(runtime), queued::add);
        EventScript s = new EventScript(state);
        s.snapshot(10, 1, "nginx", "/usr/sbin/nginx", List.of(), "0123456789ab");
        StateContext ctx = s.open(10, "/etc/nginx/nginx.conf", "O_RDONLY", 3);
        assertThat(ctx.containerId()).isEqualTo("0123456789ab");
        assertThat(ctx.container()).isNull();
        queued.forEach(Runnable::run);
        ctx = s.open(10, "/etc/nginx/mime.types", "O_RDONLY", 4);
        assertThat(ctx.container().name()).isEqualTo("web");
        assertThat(ctx.pod().namespace()).isEqualTo("blog-system");
        s.open(10, "/etc/hosts", "O_RDONLY", 5);
        assertThat(runtime.lookups).isEqualTo(1);
    }

    /**
     * A runtime that wrote no pod uid (containerd before 1.6.11): the container names no pod by uid, so the
     * provider is asked for its container's pod; without that, a container looked up again after its
     * entry expired came back without its pod.
     */
    @Test
    void aPodWithoutAUidComesBackThroughItsContainer() {
        List<Runnable> queued = new ArrayList<>();
        MetadataProvider noUid = new MetadataProvider() {
            @Override
            public String name() {
                return "no-uid";
            }

            @Override
            public Optional<ContainerMetadata> container(String id) {
                return Optional.of(ContainerMetadata.of(id, "db", "postgres", "16"));
            }

            @Override
            public Optional<PodMetadata> podOfContainer(String id) {
                return Optional.of(new PodMetadata(null, "db-0", "data", Map.of(), null, null, List.of(id)));
            }
        };
        SystemState state = SystemState.create(StateLimits.DEFAULTS, List.of(noUid), queued::add);
        EventScript s = new EventScript(state);
        s.snapshot(10, 1, "postgres", "/usr/bin/postgres", List.of(), "0123456789ab");
        s.open(10, "/etc/hosts", "O_RDONLY", 3);
        queued.forEach(Runnable::run);
        StateContext ctx = s.open(10, "/etc/passwd", "O_RDONLY", 4);
        assertThat(ctx.container().name()).isEqualTo("db");
        assertThat(ctx.pod()).isNotNull();
        assertThat(ctx.pod().name()).isEqualTo("db-0");
        assertThat(ctx.pod().uid()).isNull();
    }

    @Test
    void anUnknownContainerNeverFails() {
        SystemState state = SystemState.create(StateLimits.DEFAULTS, List.of(new FakeRuntime()), Runnable::run);
        EventScript s = new EventScript(state);
        s.snapshot(10, 1, "redis", "/usr/bin/redis", List.of(), "ffffffffffff");
        StateContext ctx = s.open(10, "/data/dump.rdb", "O_RDONLY", 3);
        assertThat(ctx.container()).isNull();
        assertThat(state.counters().containerLookupsMissed()).isPositive();
    }

    @Test
    void aContainerNoProviderKnewYetIsAskedAboutAgainAfterTheMissRetryNotAfterTheWholeExpiry() {
        // A provider that does not know the container until its runtime has written its state.
        FakeRuntime runtime = new FakeRuntime();
        boolean[] written = {false};
        MetadataProvider late = new MetadataProvider() {
            @Override
            public String name() {
                return "late";
            }

            @Override
            public Optional<ContainerMetadata> container(String id) {
                if (!written[0]) {
                    runtime.lookups++;
                    return Optional.empty();
                }
                return runtime.container(id);
            }

            @Override
            public Optional<PodMetadata> pod(String uid) {
                return runtime.pod(uid);
            }
        };
        SystemState state = SystemState.create(StateLimits.DEFAULTS, List.of(late), Runnable::run);
        EventScript s = new EventScript(state);
        s.snapshot(10, 1, "nginx", "/usr/sbin/nginx", List.of(), "0123456789ab");
        assertThat(s.open(10, "/a", "O_RDONLY", 3).container()).isNull();
        written[0] = true;
        s.advance(ContainerTable.MISS_RETRY.toNanos() / 2);
        assertThat(s.open(10, "/b", "O_RDONLY", 4).container()).as("the miss still stands").isNull();
        s.advance(ContainerTable.MISS_RETRY.toNanos());
        s.open(10, "/c", "O_RDONLY", 5);
        assertThat(s.open(10, "/d", "O_RDONLY", 6).container()).as("asked again after the retry").isNotNull()
                .extracting(ContainerMetadata::name).isEqualTo("web");
        assertThat(runtime.lookups).as("one miss, then one answer").isEqualTo(2);
    }

    @Test
    void aMetadataExpiryLongerThanNanosecondsCanHoldStillBuildsAState() {
        StateLimits forever = StateLimits.DEFAULTS.withMetadataExpiry(java.time.temporal.ChronoUnit.FOREVER.getDuration());
        SystemState state = SystemState.create(forever, List.of(new FakeRuntime()), Runnable::run);
        EventScript s = new EventScript(state);
        s.snapshot(10, 1, "nginx", "/usr/sbin/nginx", List.of(), "0123456789ab");
        assertThat(s.open(10, "/a", "O_RDONLY", 3).container().name()).isEqualTo("web");
    }

    @Test
    void containersAreBoundedAndExpire() {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxContainers(2)
                .withMetadataExpiry(Duration.ofSeconds(5)));
        EventScript s = new EventScript(state);
        for (int i = 0; i < 5; i++) {
            s.container("c0000000000" + i, "c" + i, "img", "1", null, false);
        }
        state.containers().cleanUp();
        assertThat(state.containers().containerCount()).isEqualTo(2);
        assertThat(state.counters().containersEvicted()).isEqualTo(3);
        assertThat(state.limitsHit()).containsEntry("maxContainers", 3L);
        s.advance(4_000_000_000L);
        s.open(1, "/x", "O_RDONLY", 3);
        state.containers().cleanUp();
        assertThat(state.containers().containerCount()).as("not yet expired after 4 s").isEqualTo(2);
        s.advance(2_000_000_000L);
        s.open(1, "/x", "O_RDONLY", 3);
        state.containers().cleanUp();
        assertThat(state.containers().containerCount()).as("expired 5 s after last use").isZero();
        assertThat(state.counters().containersEvicted()).isEqualTo(5);
        assertThat(state.limitsHit()).as("expiry is not the size limit").containsEntry("maxContainers", 3L);
    }

    @Test
    void podsWithoutAUidAreKeptApartByNamespaceAndNameAndShowNoUid() {
        SystemState state = SystemState.create(StateLimits.DEFAULTS);
        EventScript s = new EventScript(state);
        Event e = new Event();
        state.apply(e.resetPod(s.now(), new PodMetadata(null, "web-1", "shop", Map.of(), null, null, List.of("0123456789ab"))));
        state.apply(e.resetPod(s.now(), new PodMetadata(null, "web-1", "blog", Map.of(), null, null, List.of("ba9876543210"))));
        s.container("0123456789ab", "web", "nginx", "1.25", null, false);
        s.container("ba9876543210", "web", "nginx", "1.25", null, false);

        s.snapshot(10, 1, "nginx", "/usr/sbin/nginx", List.of(), "0123456789ab");
        s.snapshot(20, 1, "nginx", "/usr/sbin/nginx", List.of(), "ba9876543210");

        StateContext shop = s.open(10, "/etc/hosts", "O_RDONLY", 3);
        assertThat(shop.pod().namespace()).isEqualTo("shop");
        assertThat(shop.pod().uid()).as("k8s.pod.uid").isNull();
        assertThat(s.open(20, "/etc/hosts", "O_RDONLY", 3).pod().namespace()).isEqualTo("blog");
    }
}
