package dev.kestrel.core.event.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonReaderTest {

    @Test
    void readsEveryKindOfLineAndSkipsBadOnesWithAReason() throws Exception {
        String text = String.join("\n",
                "# a comment",
                "{\"ts\": 5, \"type\": \"openat\", \"tid\": 101, \"pid\": 100, \"ret\": 3, "
                        + "\"args\": {\"dirfd\": -100, \"name\": \"/etc/shadow\", \"flags\": \"O_RDONLY\"}}",
                "{\"type\": \"openat\", \"tid\": 101, \"ret\": \"ENOENT\", \"args\": {\"nme\": \"/x\"}}",
                "{\"type\": \"opn\", \"tid\": 1}",
                "not json",
                "",
                "{\"snapshot\": {\"pid\": 1, \"comm\": \"systemd\", \"args\": [\"--system\"]}}",
                "{\"container\": {\"id\": \"3ad7b26ded6d11\", \"name\": \"web\", \"repository\": \"nginx\", \"tag\": \"1.25\","
                        + " \"labels\": {\"app\": \"web\"}, \"privileged\": false}}",
                "{\"pod\": {\"uid\": \"u-1\", \"name\": \"web-1\", \"namespace\": \"blog-system\", \"containers\": [\"3ad7b26ded6d\"]}}",
                "{\"fields\": {\"proc.name\": \"cat\", \"user.name\": null}}",
                "{\"type\": \"connect\", \"tid\": 7, \"ret\": \"EINPROGRESS\", \"args\": {\"fd\": 4, \"tuple\": \"10.0.0.1:4242->1.2.3.4:80\"}}");
        List<String> seen = new ArrayList<>();
        List<Map<String, Object>> fields = new ArrayList<>();
        EventJsonReader.Result r = new EventJsonReader().read(new BufferedReader(new StringReader(text)),
                new EventJsonReader.Handler() {
                    @Override
                    public void event(Event event, long line) {
                        seen.add(line + ":" + event);
                    }

                    @Override
                    public void fieldValues(Map<String, Object> f, long line) {
                        fields.add(f);
                    }
                });
        assertThat(r.lines()).isEqualTo(11);
        assertThat(r.events()).isEqualTo(5);
        assertThat(r.fieldValueEvents()).isEqualTo(1);
        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.skippedLines()).extracting(EventJsonReader.Skipped::line).containsExactly(3L, 4L, 5L);
        assertThat(r.skippedLines().get(0).reason()).startsWith("unknown parameter \"nme\" for openat (known: fd, dirfd, name");
        assertThat(r.skippedLines().get(1).reason()).isEqualTo("unknown event type \"opn\"");
        assertThat(seen.get(0)).isEqualTo("2:openat ts=5 tid=101 pid=100 ret=3 dirfd=-100 name=/etc/shadow flags=O_RDONLY");
        assertThat(seen.get(4)).startsWith("11:connect ts=5 tid=7 pid=7 ret=-115 tuple=10.0.0.1:4242->1.2.3.4:80 fd=4");
        assertThat(fields.get(0)).containsEntry("proc.name", "cat").containsKey("user.name");
    }

    @Test
    void decodesRecords() {
        EventJsonReader reader = new EventJsonReader();
        Event e = new Event();
        assertThat(reader.parse("{\"container\": {\"id\": \"3ad7b26ded6d11\", \"repository\": \"nginx\", \"tag\": \"1.25\"}}", e))
                .isInstanceOf(EventJsonReader.Line.Parsed.class);
        assertThat(e.type()).isEqualTo(EventType.CONTAINER_METADATA);
        assertThat(e.container().id()).isEqualTo("3ad7b26ded6d");
        assertThat(e.container().fullId()).isEqualTo("3ad7b26ded6d11");
        assertThat(e.container().image()).isEqualTo("nginx:1.25");
        assertThat(reader.parse("{\"pod\": {\"name\": \"x\"}}", e))
                .isEqualTo(new EventJsonReader.Line.Malformed("a pod record needs \"uid\""));
        assertThat(reader.parse("{\"snapshot\": {\"pid\": 9, \"ppid\": 1, \"exe_flags\": \"EXE_UPPER_LAYER\"}}", e))
                .isInstanceOf(EventJsonReader.Line.Parsed.class);
        assertThat(e.process().exeFlags()).isEqualTo(2);
        assertThat(reader.parse("{\"snapshot\": {\"pid\": 9, \"cap_effective\": \"CAP_KILL\", "
                + "\"cap_permitted\": \"CAP_KILL CAP_CHOWN\", \"cap_inheritable\": \"\"}}", e))
                .isInstanceOf(EventJsonReader.Line.Parsed.class);
        assertThat(e.process().capEffective()).isEqualTo("CAP_KILL");
        assertThat(e.process().capPermitted()).isEqualTo("CAP_KILL CAP_CHOWN");
        assertThat(e.process().capInheritable()).isEmpty();
        assertThat(reader.parse("{\"type\": \"execve\", \"tid\": 5, \"args\": {\"args\": \"x\"}}", e))
                .isEqualTo(new EventJsonReader.Line.Malformed("parameter \"args\" of execve must be an array of strings"));
    }

    @Test
    void anUnknownFlagNameIsAMalformedLineNotNoFlag() {
        EventJsonReader reader = new EventJsonReader();
        Event e = new Event();
        assertThat(reader.parse("{\"type\": \"openat\", \"tid\": 5, \"ret\": 3, \"args\": {\"name\": \"/x\", \"flags\": \"O_WRONY|O_CREAT\"}}", e))
                .isEqualTo(new EventJsonReader.Line.Malformed("parameter \"flags\" of openat has an unknown flag \"O_WRONY\""));
        for (String ok : List.of("O_RDONLY", "O_WRONLY|O_CREAT", "0x41", "65", "")) {
            assertThat(reader.parse("{\"type\": \"openat\", \"tid\": 5, \"ret\": 3, \"args\": {\"name\": \"/x\", \"flags\": \"" + ok + "\"}}", e))
                    .as(ok).isInstanceOf(EventJsonReader.Line.Parsed.class);
        }
        assertThat(reader.parse("{\"type\": \"clone\", \"tid\": 5, \"ret\": 6, \"args\": {\"flags\": \"CLONE_VM|SIGCHLD\"}}", e))
                .isInstanceOf(EventJsonReader.Line.Parsed.class);
    }

    @Test
    void aNumberBeyond64BitsSaysSo() {
        EventJsonReader reader = new EventJsonReader();
        assertThat(reader.parse("{\"ts\": 99999999999999999999999999, \"type\": \"close\", \"tid\": 5, \"ret\": 0}", new Event()))
                .isEqualTo(new EventJsonReader.Line.Malformed("\"ts\" must be a whole number that fits in 64 bits, got 1.0E26"));
    }
}
