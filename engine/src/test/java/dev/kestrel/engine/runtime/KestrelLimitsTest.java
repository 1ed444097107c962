package dev.kestrel.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.loader.LoaderLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The event read limits live in KestrelLimits and reach the JSON Lines reader it makes. */
class KestrelLimitsTest {

    @Test
    void theEventReadDefaultsAreTheDocumentedOnes() {
        KestrelLimits d = KestrelLimits.DEFAULTS;
        assertThat(d.maxEventLineBytes()).isEqualTo(1 << 20);
        assertThat(d.maxEventStringBytes()).isEqualTo(4096);
        assertThat(d.maxEventJsonDepth()).isEqualTo(512);
        assertThat(d.toString()).contains("maxEventLineBytes=1048576, maxEventStringBytes=4096, maxEventJsonDepth=512");
    }

    @Test
    void toBuilderKeepsEverySetting() {
        KestrelLimits set = KestrelLimits.builder().maxEventLineBytes(100).maxEventStringBytes(10).maxEventJsonDepth(6)
                .maxYamlDepth(7).maxConditionDepth(8).maxExpandedNodes(9).maxRulesExpandedChars(11).maxYamlAliases(12)
                .alertQueueAlerts(13).build();
        KestrelLimits copy = set.toBuilder().build();
        assertThat(copy.toString()).isEqualTo(set.toString());
        assertThat(copy.maxEventLineBytes()).isEqualTo(100);
        assertThat(copy.maxEventStringBytes()).isEqualTo(10);
        assertThat(copy.maxEventJsonDepth()).isEqualTo(6);
        assertThat(copy.rules()).isEqualTo(new LoaderLimits(16 << 20, 7, 12, 8, 9, 11));
    }

    @Test
    void theReaderItMakesAppliesTheLineStringAndDepthLimits() throws IOException {
        KestrelLimits limits = KestrelLimits.builder().maxEventLineBytes(200).maxEventStringBytes(8).maxEventJsonDepth(5)
                .build();
        String open = "{\"ts\": 1, \"type\": \"openat\", \"tid\": 7, \"ret\": 3, \"args\": {\"name\": \"/etc/passwd\"}}\n";
        String tooLong = "{\"ts\": 2, \"type\": \"close\", \"tid\": 7, \"args\": {\"fd\": 3}, \"x\": \"" + "y".repeat(200) + "\"}\n";
        String tooDeep = "{\"fields\": {\"x\": [[[[1]]]]}}\n";
        List<String> names = new ArrayList<>();
        EventJsonReader.Result r = limits.eventReader().read(
                new ByteArrayInputStream((open + tooLong + tooDeep).getBytes(StandardCharsets.UTF_8)),
                new EventJsonReader.Handler() {
                    @Override
                    public void event(Event event, long line) {
                        names.add(event.text(EventType.OPENAT.slot("name")));
                    }

                    @Override
                    public void fieldValues(Map<String, Object> fields, long line) {
                    }
                });
        assertThat(names).containsExactly("/etc/pas");
        assertThat(r.cutStrings()).isEqualTo(1);
        assertThat(r.skippedLines()).hasSize(2);
        assertThat(r.skippedLines().get(0).line()).isEqualTo(2);
        assertThat(r.skippedLines().get(0).reason()).contains("longer than the limit of 200 bytes");
        assertThat(r.skippedLines().get(1).line()).isEqualTo(3);
        assertThat(r.skippedLines().get(1).reason()).contains("JSON nested deeper than 5 levels");
    }

    @Test
    void eventLimitsOutOfRangeAreRefusedByName() {
        assertThatThrownBy(() -> KestrelLimits.builder().maxEventLineBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEventLineBytes must be positive, was 0");
        assertThatThrownBy(() -> KestrelLimits.builder().maxEventStringBytes(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxEventStringBytes must be positive, was -1");
        assertThatThrownBy(() -> KestrelLimits.builder().maxEventJsonDepth(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventJsonDepth must be between 4 and 1024, was 3");
        assertThatThrownBy(() -> KestrelLimits.builder().maxEventJsonDepth(2000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxEventJsonDepth must be between 4 and 1024, was 2000");
    }
}
