package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.sink.CollectingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Events from several threads while the rules are reloaded: nothing lost, every event sees a whole ruleset. */
class KestrelConcurrencyTest {

    @Test
    void eventsFromManyThreadsWhileReloading() throws Exception {
        FakeParts parts = new FakeParts();
        parts.stateByTid.put(1L, Map.of("proc.name", "bash"));
        CollectingSink sink = new CollectingSink();
        String a = "Old|warning||proc.name=bash|old %proc.name\n";
        String b = "New|warning||proc.name=bash|new %proc.name\n";
        int threads = 4;
        int perThread = 500;
        try (Kestrel k = Kestrel.builder().parts(x -> parts).rulesText("r", a).sink(sink)
                .alertQueue(100_000, Duration.ofSeconds(10)).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        k.process(new Event().reset(EventType.EXECVE, i, 1, 1, 0));
                    }
                }));
            }
            for (int i = 0; i < 50; i++) {
                k.reload(List.of(new RulesSource("r", i % 2 == 0 ? b : a)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            k.flush(Duration.ofSeconds(30));
            assertThat(k.counters().eventsProcessed()).isEqualTo(threads * perThread);
            assertThat(sink.alerts()).hasSize(threads * perThread)
                    .allSatisfy(al -> assertThat(al.output()).endsWith(al.rule().equals("Old") ? "old bash" : "new bash"));
            assertThat(parts.compiles).hasValue(2);
        }
    }
}
