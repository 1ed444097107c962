package dev.kestrel.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The handoff against a model of its two budgets: what it accepts, delivers and drops, and why. */
class BoundedHandoffProperties {

    @Property(tries = 200)
    void acceptsExactlyWhatFitsBothBudgetsAndLosesNothingSilently(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 50) Integer> sizes,
            @ForAll @IntRange(min = 1, max = 20) int capacity,
            @ForAll @IntRange(min = 1, max = 300) int maxBytes) throws InterruptedException {
        GatedConsumer<Integer> consumer = new GatedConsumer<>();
        // A first item of size 0 holds the consumer, so the rest meet a queue nobody drains.
        BoundedHandoff<Integer> h = new BoundedHandoff<>(capacity, maxBytes, i -> i, Duration.ZERO, consumer, "property-handoff");
        h.offer(0);
        consumer.awaitHolding();
        List<Integer> accepted = new ArrayList<>(List.of(0));
        int count = 0;
        long bytes = 0;
        long overBytes = 0;
        for (int size : sizes) {
            boolean fitsBytes = bytes + size <= maxBytes;
            boolean fits = fitsBytes && count < capacity;
            assertThat(h.offer(size)).isEqualTo(fits);
            if (fits) {
                accepted.add(size);
                count++;
                bytes += size;
            } else if (!fitsBytes) {
                overBytes++;
            }
            assertThat(h.queuedBytes()).isEqualTo(bytes).isLessThanOrEqualTo(maxBytes);
        }
        consumer.release();
        h.end();
        assertThat(h.await(Duration.ofSeconds(10))).isTrue();
        assertThat(consumer.seen()).isEqualTo(accepted);
        assertThat(h.droppedOverBytes()).isEqualTo(overBytes);
        assertThat(h.delivered() + h.dropped()).isEqualTo(sizes.size() + 1L);
        assertThat(h.queuedBytes()).isZero();
    }
}
