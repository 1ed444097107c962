package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.spi.MetadataProvider;
import dev.kestrel.engine.sink.CollectingSink;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link KestrelBuilder#metadataProviders}: the engine asks them about containers the stream does not describe. */
class KestrelMetadataProviderTest {

    private static final String RULE = """
            - rule: Shadow read
              desc: a read of /etc/shadow
              condition: evt.type = openat and fd.name = /etc/shadow
              output: shadow read (container=%container.name image=%container.image.repository pod=%k8s.pod.name ns=%k8s.ns.name)
              priority: warning
            """;
    private static final String ID = "0a1b2c3d4e5f";

    /** Knows one container and its pod; counts the questions. */
    private static final class OneContainer implements MetadataProvider {
        final AtomicInteger asked = new AtomicInteger();

        @Override
        public String name() {
            return "one";
        }

        @Override
        public Optional<ContainerMetadata> container(String containerId) {
            asked.incrementAndGet();
            return containerId.equals(ID) ? Optional.of(new ContainerMetadata(ID, ID + "0".repeat(52), "web", "nginx:1.25",
                    "nginx", "1.25", null, null, "containerd", false, Map.of(), List.of(), 0, null, false, false, false,
                    "uid-1")) : Optional.empty();
        }

        @Override
        public Optional<PodMetadata> pod(String podUid) {
            return podUid.equals("uid-1")
                    ? Optional.of(new PodMetadata("uid-1", "web-1", "blog", Map.of(), null, null, List.of(ID)))
                    : Optional.empty();
        }
    }

    @Test
    void aContainerTheStreamNeverDescribedGetsItsNameImageAndPodFromTheProvider() {
        CollectingSink sink = new CollectingSink();
        OneContainer provider = new OneContainer();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULE).sink(sink)
                .metadataProviders(provider).metadataExecutor(Runnable::run).build()) {
            k.process(new Event().resetProcess(1, ProcessSnapshot.builder().pid(40).ppid(1).comm("cat").exe("cat")
                    .containerId(ID).build()));
            k.process(new Event().resetProcess(1, ProcessSnapshot.builder().pid(41).ppid(1).comm("cat").exe("cat")
                    .containerId("ffffffffffff").build()));
            KestrelStateResetTest.openShadow(k, 40, 2);
            KestrelStateResetTest.openShadow(k, 40, 3);
            KestrelStateResetTest.openShadow(k, 41, 4);
            k.flush(Duration.ofSeconds(10));
        }
        assertThat(sink.alerts()).extracting(Alert::output).allMatch(o -> o.contains("shadow read"))
                .extracting(o -> o.substring(o.indexOf("(")))
                .containsExactly("(container=web image=nginx pod=web-1 ns=blog)", "(container=web image=nginx pod=web-1 ns=blog)",
                        "(container=<NA> image=<NA> pod=<NA> ns=<NA>)");
        assertThat(provider.asked).as("each container asked about once").hasValue(2);
    }

    @Test
    void withoutProvidersAnUndescribedContainerShowsNothingButItsId() {
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULE).sink(sink).build()) {
            k.process(new Event().resetProcess(1, ProcessSnapshot.builder().pid(40).ppid(1).comm("cat").exe("cat")
                    .containerId(ID).build()));
            KestrelStateResetTest.openShadow(k, 40, 2);
            k.flush(Duration.ofSeconds(10));
        }
        assertThat(sink.alerts()).extracting(Alert::output).singleElement().asString()
                .endsWith("(container=<NA> image=<NA> pod=<NA> ns=<NA>)");
    }
}
