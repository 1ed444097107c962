package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.engine.sink.CollectingSink;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Kestrel#resetState()}, over the real parts. */
class KestrelStateResetTest {

    private static final String RULE = """
            - rule: Shadow read
              desc: a read of /etc/shadow
              condition: evt.type = openat and fd.name = /etc/shadow
              output: shadow read (file=%fd.name)
              priority: warning
            """;

    private static void snapshot(Kestrel k, long pid, String comm) {
        k.process(new Event().resetProcess(1, new ProcessSnapshot(pid, pid, 1, comm, comm, "/usr/bin/" + comm,
                List.of(), List.of(), "/", 0, 0, 0, 0, -1, -1, -1, -1, -1, null, 0, null, null, null, 0, List.of())));
    }

    /** Feeds {@code k} a successful openat of /etc/shadow by process {@code pid} at {@code ts} (fd 3). */
    static void openShadow(Kestrel k, long pid, long ts) {
        Event e = new Event().reset(EventType.OPENAT, ts, pid, pid, 3);
        e.setParam("dirfd", -100);
        e.setParam("name", "/etc/shadow");
        e.setParam("flags", "O_RDONLY");
        k.process(e);
    }

    @Test
    void afterAResetTheProcessesOfBeforeAreUnknown() {
        CollectingSink sink = new CollectingSink();
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", RULE).appendOutput(new AppendOutput("", Set.of(), "", "", List.of(AppendOutput.ExtraField.raw("proc.name")))).sink(sink).build()) {
            snapshot(k, 300, "cat");
            k.resetState();
            openShadow(k, 300, 2);
            k.flush(Duration.ofSeconds(10));
            assertThat(sink.alerts()).hasSize(1);
            assertThat(sink.alerts().get(0).outputFields().get("proc.name")).isNotEqualTo("cat");
            assertThat(k.counters().eventsProcessed()).isEqualTo(1);
            assertThat(k.counters().metadataRecords("snapshot")).isEqualTo(1);
        }
    }
}
