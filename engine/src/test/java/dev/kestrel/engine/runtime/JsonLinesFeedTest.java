package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.testsupport.TestRules;
import dev.kestrel.engine.sink.CollectingSink;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class JsonLinesFeedTest {

    @Test
    void recordsEventsAndFieldValueLinesEachReachTheirMethod() throws Exception {
        String stream = """
                {"ts": 1, "snapshot": {"pid": 40, "ppid": 1, "comm": "bash", "exe": "/bin/bash", "args": []}}
                {"ts": 2, "type": "openat", "tid": 40, "pid": 40, "ret": 3, "args": {"dirfd": -100, "name": "/etc/hosts", "flags": "O_RDONLY"}}
                {"fields": {"proc.name": "bash"}}
                not json
                """;
        CollectingSink sink = new CollectingSink();
        EventJsonReader.Result read;
        try (Kestrel k = Kestrel.builder().rulesText("r.yaml", TestRules.SHELL).sink(sink).build()) {
            read = new EventJsonReader().read(new BufferedReader(new StringReader(stream)), new JsonLinesFeed(k));
            k.close();
            assertThat(k.counters().metadataRecords("snapshot")).isEqualTo(1);
            assertThat(k.counters().eventsProcessed()).isEqualTo(2);
        }
        assertThat(sink.rules()).containsExactly("Shell", "Shell");
        assertThat(read.skippedLines()).singleElement().satisfies(s -> assertThat(s.line()).isEqualTo(4));
    }

    @Test
    void aClosedKestrelRefusesTheFeed() {
        Kestrel k = Kestrel.builder().rulesText("r.yaml", TestRules.SHELL).build();
        k.close();
        assertThatThrownBy(() -> new EventJsonReader().read(new BufferedReader(new StringReader("{\"fields\": {}}\n")),
                new JsonLinesFeed(k))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new JsonLinesFeed(null)).isInstanceOf(NullPointerException.class);
    }
}
