package dev.kestrel.bench.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamGeneratorTest {

    private static final GeneratedStream STREAM = StreamGenerator.of(42, 50_000);

    @Test
    void sameSeedGivesTheSameStream() {
        GeneratedStream again = StreamGenerator.of(42, 50_000);
        assertThat(again.body()).isEqualTo(STREAM.body());
        assertThat(again.prologue()).isEqualTo(STREAM.prologue());
        assertThat(again.processes()).isEqualTo(STREAM.processes());
        assertThat(StreamGenerator.of(43, 50_000).body()).isNotEqualTo(STREAM.body());
    }

    @Test
    void aFewHundredThreadsAcrossHostAndContainers() {
        assertThat(STREAM.processes()).hasSizeBetween(200, 600);
        assertThat(STREAM.containers()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(STREAM.processes().stream().filter(p -> p.containerId() != null).count()).isGreaterThan(50);
    }

    @Test
    void mixIsDominatedByFileAndSocketIoWithASmallShareOfTriggers() {
        EventMix mix = STREAM.mix();
        double io = mix.percent(EventType.OPENAT) + mix.percent(EventType.CLOSE) + mix.percent(EventType.READ)
                + mix.percent(EventType.WRITE);
        assertThat(io).isGreaterThan(60);
        assertThat(mix.percent(EventType.EXECVE)).isBetween(0.05, 2.0);
        assertThat(mix.percent(EventType.CONNECT) + mix.percent(EventType.ACCEPT4)).isGreaterThan(1);
        assertThat(100.0 * mix.triggers() / mix.total()).isBetween(0.1, 1.0);
    }

    @Test
    void bodyCanBeReplayedInALoop() {
        Map<Long, Set<Long>> open = new HashMap<>();
        Set<Long> alive = new HashSet<>();
        for (SyscallRecord r : STREAM.body()) {
            Set<Long> fds = open.computeIfAbsent(r.pid(), k -> new HashSet<>());
            switch (r.type()) {
                case OPENAT, ACCEPT4, SOCKET -> assertThat(fds.add(r.result())).as("fd reused while open: %s", r).isTrue();
                case CLOSE -> fds.remove(((Number) r.params().get("fd")).longValue());
                case CLONE -> {
                    if (r.result() > 0) {
                        alive.add(r.result());
                    }
                }
                case PROCEXIT -> {
                    alive.remove(r.pid());
                    open.remove(r.pid());
                }
                default -> {
                }
            }
        }
        assertThat(alive).isEmpty();
        open.values().removeIf(Set::isEmpty);
        assertThat(open).isEmpty();
    }
}
