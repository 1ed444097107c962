package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.sink.OutputCounters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Law: whatever the server answers and however small the buffer, every accepted alert is delivered, failed or dropped. */
class DeliveryAccountingProperties {

    @Property(tries = 15)
    void deliveredPlusFailedPlusDroppedIsAccepted(
            @ForAll @Size(max = 12) List<@IntRange(min = 0, max = 4) Integer> answers,
            @ForAll @IntRange(min = 1, max = 30) int alerts,
            @ForAll @IntRange(min = 1, max = 10) int buffer) throws Exception {
        int[] statuses = {200, 503, 429, 400, 500};
        try (TestServer server = TestServer.start()) {
            server.answer(answers.stream().mapToInt(i -> statuses[i]).toArray());
            DeliveryLimits limits = OutputFormatsTest.FAST.withBuffer(buffer, 1L << 20)
                    .withRetries(3, Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMillis(5));
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(server.uri("/"), false, Map.of(),
                    Priority.DEBUG, Map.of(), TlsOptions.DEFAULT, limits));
            for (int i = 0; i < alerts; i++) {
                out.accept(Alerts.alert("r" + i));
            }
            out.close();
            OutputCounters c = out.counters();
            assertThat(c.accepted()).isEqualTo(alerts);
            assertThat(c.pending()).isZero();
            assertThat(c.delivered() + c.failed() + c.dropped()).isEqualTo(alerts);
            assertThat(c.delivered()).isEqualTo(server.accepted().size());
        }
    }
}
