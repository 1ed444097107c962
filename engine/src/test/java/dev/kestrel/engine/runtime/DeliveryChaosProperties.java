package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.testsupport.SharedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Chaos: the blog-system stream through a sink that randomly throws (exceptions and errors),
 * stalls and recovers. Whatever it does, every alert raised is delivered, failed or dropped, once.
 */
class DeliveryChaosProperties {

    private static final String STREAM = readStream();

    private static String readStream() {
        Path root = SharedFiles.root();
        try {
            return Files.readString(root.resolve("src/scenarios/blog-system/events.jsonl"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path userRules() {
        return SharedFiles.root().resolve("src/rules/user_rules.yaml");
    }

    /** Throws, stalls or accepts, at random but reproducibly from its seed. */
    static final class ChaosSink implements AlertSink {
        private final Random random;
        private final int maxStallMs;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong threw = new AtomicLong();

        ChaosSink(long seed, int maxStallMs) {
            this.random = new Random(seed);
            this.maxStallMs = maxStallMs;
        }

        @Override
        public String name() {
            return "chaos";
        }

        @Override
        public void accept(Alert alert) {
            int roll = random.nextInt(100);
            if (roll < 15) {
                threw.incrementAndGet();
                throw new IllegalStateException("backend down");
            }
            if (roll < 20) {
                threw.incrementAndGet();
                throw new AssertionError("a sink's own assertion");
            }
            if (roll < 23) {
                threw.incrementAndGet();
                throw new StackOverflowError();
            }
            if (roll < 40) {
                try {
                    Thread.sleep(random.nextInt(maxStallMs + 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            accepted.incrementAndGet();
        }
    }

    @Property(tries = 15)
    void everyAlertIsDeliveredFailedOrDroppedExactlyOnce(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 40) int queue, @ForAll @IntRange(min = 0, max = 5) int waitMs,
            @ForAll @IntRange(min = 0, max = 30) int stallMs, @ForAll @IntRange(min = 1, max = 6) int passes) throws Exception {
        ChaosSink sink = new ChaosSink(seed, stallMs);
        KestrelLimits limits = KestrelLimits.builder().alertQueueAlerts(queue).maxSinkWait(Duration.ofMillis(waitMs))
                .closeTimeout(Duration.ofMillis(200)).build();
        Kestrel k = Kestrel.builder().defaultRules().rules(userRules()).sink(sink).limits(limits).build();
        for (int pass = 0; pass < passes; pass++) {
            new EventJsonReader().read(new BufferedReader(new StringReader(STREAM)), new JsonLinesFeed(k));
        }
        k.close();
        KestrelCounters c = k.counters();
        assertThat(c.alerts()).as("the stream raises alerts").isPositive();
        assertThat(c.alertsDelivered() + c.alertsFailed() + c.alertsDropped()).as(c.toString()).isEqualTo(c.alerts());
        // The sink's own tally agrees, give or take the one alert close may have abandoned inside a stall.
        assertThat(sink.threw.get()).isLessThanOrEqualTo(c.alertsFailed()).isEqualTo(c.sinkErrors());
        assertThat(c.alertsDelivered()).isBetween(sink.accepted.get() - 1, sink.accepted.get());
    }
}
