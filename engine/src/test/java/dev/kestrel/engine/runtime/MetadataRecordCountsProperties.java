package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.event.UserMetadata;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Metadata records (snapshot, container, pod, user) are counted by kind, apart from the events. */
class MetadataRecordCountsProperties {

    private static final String RULES = """
            - rule: Shell
              desc: d
              condition: evt.type = execve and proc.name = bash
              output: shell (pid=%proc.pid)
              priority: WARNING
            """;

    private static final int EVENT = 0;
    private static final int SNAPSHOT = 1;
    private static final int CONTAINER = 2;
    private static final int POD = 3;
    private static final int USER = 4;

    private static void feed(Kestrel k, Event e, int kind, int i) {
        long t = 1_000L + i;
        switch (kind) {
            case EVENT -> k.process(e.reset(EventType.OPENAT, t, 100 + i, 100 + i, 3).setParam("name", "/etc/hosts"));
            case SNAPSHOT -> k.process(e.resetProcess(t, ProcessSnapshot.builder().pid(5000 + i).ppid(1).comm("sleep")
                    .exe("sleep").build()));
            case CONTAINER -> k.process(e.resetContainer(t, ContainerMetadata.builder().id("c" + i).name("n" + i).build()));
            case POD -> k.process(e.resetPod(t, PodMetadata.builder().uid("u" + i).name("p" + i).namespace("ns").build()));
            default -> k.process(e.resetUser(t, new UserMetadata(2000 + i, "user" + i, "/home/u", "/bin/sh")));
        }
    }

    @Property(tries = 40)
    void nEventsAndMRecordsGiveExactlyThoseCounts(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 4) Integer> kinds) {
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULES).build()) {
            Event e = new Event();
            for (int i = 0; i < kinds.size(); i++) {
                feed(k, e, kinds.get(i), i);
            }
            KestrelCounters c = k.counters();
            assertThat(c.eventsProcessed()).isEqualTo(count(kinds, EVENT));
            assertThat(c.metadataRecords("snapshot")).isEqualTo(count(kinds, SNAPSHOT));
            assertThat(c.metadataRecords("container")).isEqualTo(count(kinds, CONTAINER));
            assertThat(c.metadataRecords("pod")).isEqualTo(count(kinds, POD));
            assertThat(c.metadataRecords("user")).isEqualTo(count(kinds, USER));
            assertThat(c.metadataRecordsTotal() + c.eventsProcessed()).isEqualTo(kinds.size());
            assertThat(c.eventsSkipped()).isZero();
        }
    }

    @Test
    void everyKindIsListedInOrderEvenWhenNoneCame() {
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULES).build()) {
            k.process(new Event().resetProcess(1, ProcessSnapshot.builder().pid(7).comm("init").exe("init").build()));
            k.process(new Event().resetProcess(2, ProcessSnapshot.builder().pid(8).comm("init").exe("init").build()));
            assertThat(k.counters().metadataRecords()).containsExactly(Map.entry("snapshot", 2L),
                    Map.entry("fd_snapshot", 0L), Map.entry("container", 0L), Map.entry("pod", 0L),
                    Map.entry("user", 0L), Map.entry("group", 0L), Map.entry("host", 0L));
            assertThat(k.counters().eventsProcessed()).isZero();
            assertThat(k.counters().metadataRecords("no such kind")).isZero();
        }
    }

    private static long count(List<Integer> kinds, int kind) {
        return kinds.stream().filter(k -> k == kind).count();
    }
}
