package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records without "ts" at the head of a stream count as seen at the first timestamped event. */
class UntimedRecordsTest {

    private static final String HEAD = """
            {"snapshot": {"pid": 1201, "ppid": 1, "comm": "java", "exe": "/usr/bin/java", "args": [], "container_id": "c3d4e5f6a1b2", "tids": [1201]}}
            {"snapshot": {"pid": 1300, "ppid": 1, "comm": "sleep", "exe": "/bin/sleep", "args": [], "tids": [1300]}}
            {"container": {"id": "c3d4e5f6a1b2", "name": "was", "repository": "blog/was", "tag": "2.3.1", "pod_uid": "uid-was-1"}}
            {"pod": {"uid": "uid-was-1", "name": "was-1", "namespace": "blog-system", "containers": ["c3d4e5f6a1b2"]}}
            """;

    private static List<StateContext> replay(SystemState state, String jsonl) throws IOException {
        List<StateContext> seen = new ArrayList<>();
        new EventJsonReader().read(new BufferedReader(new StringReader(jsonl)), new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                StateContext ctx = state.apply(event);
                if (line > 4 && ctx.thread() != null) {
                    seen.add(ctx);
                    assertThat(ctx.container()).as("container at line " + line).isNotNull();
                    assertThat(ctx.container().name()).isEqualTo("was");
                    assertThat(ctx.pod()).as("pod at line " + line).isNotNull();
                    assertThat(ctx.pod().namespace()).isEqualTo("blog-system");
                }
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
            }
        });
        return seen;
    }

    @Test
    void containerAndPodRecordsWithoutTimestampSurviveTheFirstEvent() throws IOException {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMetadataExpiry(Duration.ofMinutes(1)));
        List<StateContext> seen = replay(state, HEAD + """
                {"ts": 1732867400000000000, "type": "openat", "tid": 1201, "pid": 1201, "ret": 3, "args": {"dirfd": -100, "name": "/etc/hosts", "flags": "O_RDONLY"}}
                {"ts": 1732867430000000000, "type": "openat", "tid": 1201, "pid": 1201, "ret": 4, "args": {"dirfd": -100, "name": "/etc/passwd", "flags": "O_RDONLY"}}
                """);
        assertThat(seen).hasSize(2);
        assertThat(state.counters().containersEvicted()).isZero();
        assertThat(state.firstTimestamp()).isEqualTo(1732867400000000000L);
    }

    @Test
    void snapshotsWithoutTimestampAreNotPurgedAsIdleAtTheFirstEvent() throws IOException {
        SystemState state = SystemState.create(StateLimits.DEFAULTS);
        long ts = 1732867400000000000L;
        replay(state, HEAD + "{\"ts\": " + ts + ", \"type\": \"openat\", \"tid\": 1201, \"pid\": 1201, \"ret\": 3,"
                + " \"args\": {\"dirfd\": -100, \"name\": \"/etc/hosts\", \"flags\": \"O_RDONLY\"}}\n"
                + "{\"ts\": " + (ts + StateLimits.DEFAULTS.purgeInterval().toNanos() + 1) + ", \"type\": \"openat\","
                + " \"tid\": 1201, \"pid\": 1201, \"ret\": 4, \"args\": {\"dirfd\": -100, \"name\": \"/etc/passwd\", \"flags\": \"O_RDONLY\"}}\n");
        assertThat(state.threads().process(1300)).as("the idle snapshot process is kept").isNotNull();
        assertThat(state.counters().threadsPurged()).isZero();
    }

    @Test
    void metadataStillExpiresInEventTime() throws IOException {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMetadataExpiry(Duration.ofSeconds(5)));
        replay(state, HEAD + """
                {"ts": 1732867400000000000, "type": "openat", "tid": 1201, "pid": 1201, "ret": 3, "args": {"dirfd": -100, "name": "/etc/hosts", "flags": "O_RDONLY"}}
                """);
        new EventJsonReader().read(new BufferedReader(new StringReader("""
                {"ts": 1732867410000000000, "type": "openat", "tid": 1300, "pid": 1300, "ret": 3, "args": {"dirfd": -100, "name": "/etc/hosts", "flags": "O_RDONLY"}}
                """)), new EventJsonReader.Handler() {
            @Override
            public void event(Event event, long line) {
                state.apply(event);
            }

            @Override
            public void fieldValues(Map<String, Object> fields, long line) {
            }
        });
        state.containers().cleanUp();
        assertThat(state.containers().containerCount()).isZero();
        assertThat(state.containers().podCount()).isZero();
    }
}
