package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Sends a container's and its pod's metadata (and its users) ahead of the first event of that container, once
 * per container and {@link #REDESCRIBE}; what a bundle said (provisional) is sent again once the state is read.
 * Not thread-safe: the writing thread's.
 */
final class ContainerDescriptions {

    /** How often a container's metadata is sent again while its processes exec. */
    static final Duration REDESCRIBE = Duration.ofMinutes(10);
    /** How long an exec waits, once per container, for a read of its runtime's state under way. */
    static final Duration STATE_WAIT = Duration.ofMillis(1500);
    private static final int MAX_DESCRIBED = 10_000;

    private final OciRuntimeMetadata metadata;
    private final ContainerAccounts accounts;
    private final Consumer<String> note;
    /**
     * Containers whose metadata went out lately (true: from a bundle, provisional). Each is described again
     * after {@link #REDESCRIBE}, so the engine gets it back after its own table let it go (unused, or over
     * its size); bounded.
     */
    private final Cache<String, Boolean> described;

    /** Describing from {@code metadata} (null: nothing is described), aged by {@code ticker}; {@code note} counts what is missing. */
    ContainerDescriptions(OciRuntimeMetadata metadata, ContainerAccounts accounts, Ticker ticker, Consumer<String> note) {
        this.metadata = metadata;
        this.accounts = accounts;
        this.note = note;
        this.described = Caffeine.newBuilder().maximumSize(MAX_DESCRIBED).expireAfterWrite(REDESCRIBE)
                .executor(Runnable::run).ticker(ticker).build();
    }

    /** Sends through {@code event} what the engine should know of {@code container} before process {@code pid}'s event. */
    void describe(ContainerRef container, long pid, Event event, EventSink sink) {
        if (container.host() || metadata == null || container.fullId() == null) {
            return;
        }
        accounts.send(container.id(), pid, event, sink);
        Boolean provisional = described.getIfPresent(container.id());
        if (provisional != null) {
            OciRuntimeMetadata.Found confirmed = provisional ? metadata.confirmed(container.fullId()) : null;
            if (confirmed != null) {
                send(container, confirmed, event, sink);
            }
            return;
        }
        metadata.await(container.fullId(), container.runtime(), STATE_WAIT).ifPresentOrElse(
                found -> send(container, found, event, sink), () -> note.accept("container without runtime state (yet)"));
    }

    private void send(ContainerRef container, OciRuntimeMetadata.Found found, Event event, EventSink sink) {
        described.put(container.id(), found.provisional());
        long now = System.currentTimeMillis() * 1_000_000L;
        if (found.pod() != null) {
            sink.accept(event.resetPod(now, found.pod()));
        }
        sink.accept(event.resetContainer(now, found.container()));
    }
}
