package dev.kestrel.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.core.Priority;
import dev.kestrel.engine.sink.OutputCounters;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 503 whose Retry-After asks for more than Duration.toNanos can hold (about 292 years), as seconds
 * or as a far-future HTTP date: the alert fails (its retry would pass the retry age) and the same
 * output delivers the next one.
 */
class HostileRetryAfterTest {

    private static void firstFailsAndSecondIsDelivered(String retryAfter) throws Exception {
        try (TestServer server = TestServer.start()) {
            server.answer(new TestServer.Answer(503, Map.of("Retry-After", retryAfter), "go away"));
            DeliveryLimits limits = DeliveryLimits.DEFAULTS
                    .withRetries(5, Duration.ofSeconds(30), Duration.ofMillis(10), Duration.ofMillis(50))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2));
            WebhookOutput out = new WebhookOutput(new WebhookOutput.Settings(server.uri("/"), false, Map.of(),
                    Priority.DEBUG, Map.of(), TlsOptions.DEFAULT, limits));
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                    out.accept(Alerts.alert("first"));   // answered 503 + the Retry-After
                    out.flush(Duration.ofSeconds(3));
                    out.accept(Alerts.alert("second"));  // the test server answers 200 once its answers are used
                    boolean settled = out.flush(Duration.ofSeconds(3));
                    OutputCounters c = out.counters();
                    assertThat(settled).as("both alerts settled; counters " + c).isTrue();
                    assertThat(c.failed()).as("the first alert failed: its retry would pass the retry age").isEqualTo(1);
                    assertThat(c.delivered()).as("the second alert delivered by the same output").isEqualTo(1);
                });
            } finally {
                out.close();
            }
        }
    }

    @Test
    void retryAfterInSecondsBeyondDurationNanosFailsTheAlertAndTheOutputGoesOn() throws Exception {
        firstFailsAndSecondIsDelivered("10000000000");
    }

    @Test
    void retryAfterAsAFarFutureDateFailsTheAlertAndTheOutputGoesOn() throws Exception {
        firstFailsAndSecondIsDelivered("Fri, 31 Dec 9999 23:59:59 GMT");
    }

    @Test
    void retryAfterOfOneDayFailsTheAlertAndTheOutputGoesOn() throws Exception {
        firstFailsAndSecondIsDelivered("86400");
    }

    @Test
    void retryAfterIsReadAsAtMostTheLongestWait() {
        Duration longest = Duration.ofSeconds(30);
        assertThat(SendResult.retryAfter("10000000000", longest)).isEqualTo(longest);
        assertThat(SendResult.retryAfter("99999999999999999999999", longest)).isEqualTo(longest);
        assertThat(SendResult.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", longest)).isEqualTo(longest);
        assertThat(SendResult.retryAfter("12", longest)).isEqualTo(Duration.ofSeconds(12));
    }
}
