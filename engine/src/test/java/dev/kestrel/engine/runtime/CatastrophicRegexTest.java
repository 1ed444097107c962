package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.kestrel.engine.sink.CollectingSink;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * One event against a catastrophic pattern is bounded in time, and other callers go on (docs/language.md,
 * "Regular expressions (RE2)").
 */
class CatastrophicRegexTest {

    private static final String RULES = """
            - rule: Catastrophic
              desc: nested quantifiers
              condition: evt.type = openat and fd.name regex "/((a+)+)+b"
              output: matched %fd.name
              priority: warning
            - rule: Plain
              desc: a normal rule still fires
              condition: evt.type = openat and fd.name = /etc/shadow
              output: shadow %fd.name
              priority: warning
            """;

    @Test
    void oneHostileEventIsBoundedAndCountedAndTheNextEventIsEvaluated() {
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULES).sink(sink).build()) {
            // Used to take 92 s; a generous bound that only guards against that hang.
            assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> k.process(KestrelReliabilityTest.open(1, "/" + "a".repeat(31))));
            k.process(KestrelReliabilityTest.open(2, "/aaab"));
            k.process(KestrelReliabilityTest.open(3, "/etc/shadow"));
            k.flush(Duration.ofSeconds(10));
            KestrelCounters c = k.counters();
            assertThat(c.evaluationErrors()).as("RE2 matching is linear: nothing is abandoned").isZero();
            assertThat(c.eventsProcessed()).isEqualTo(3);
            assertThat(sink.rules()).containsExactly("Catastrophic", "Plain");
        }
    }
}
