package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Replays the blog-system fixture ({@code src/scenarios/blog-system/events.jsonl}) through the state
 * and checks that every field the official ruleset and the four custom rules use gets a value on
 * some event, and that the values the rules look for show up.
 */
class BlogSystemFixtureTest {

    /** Fields of the four custom rules not already in the official list. */
    private static final List<String> CUSTOM = List.of("k8s.pod.name", "k8s.ns.name", "container.name", "fd.type",
            "fd.lport", "fd.rport", "fd.sip", "proc.pname", "proc.name", "proc.cmdline", "user.name", "fd.name",
            "container.id");

    private static Path fixture() {
        return SharedFiles.root().resolve("src/scenarios/blog-system/events.jsonl");
    }

    @Test
    void everyRuleFieldGetsAValue() throws Exception {
        FieldProbe probe = new FieldProbe();
        Set<String> fields = new TreeSet<>(FieldCatalogueTest.OFFICIAL);
        fields.addAll(CUSTOM);
        Map<String, FieldAccessor> accessors = new LinkedHashMap<>();
        for (String f : fields) {
            accessors.put(f, probe.bind(f));
        }
        Map<String, Set<String>> seen = new HashMap<>();
        SystemState state = SystemState.create();
        EventJsonReader.Result result;
        try (BufferedReader in = Files.newBufferedReader(fixture(), StandardCharsets.UTF_8)) {
            result = new EventJsonReader().read(in, new EventJsonReader.Handler() {
                @Override
                public void event(Event event, long line) {
                    StateContext ctx = state.apply(event);
                    if (event.type().internal()) {
                        return;
                    }
                    for (Map.Entry<String, FieldAccessor> a : accessors.entrySet()) {
                        if (a.getValue().present(ctx)) {
                            StringBuilder sb = new StringBuilder();
                            a.getValue().appendText(ctx, sb);
                            seen.computeIfAbsent(a.getKey(), k -> new HashSet<>()).add(sb.toString());
                        }
                    }
                }

                @Override
                public void fieldValues(Map<String, Object> values, long line) {
                    throw new AssertionError("the fixture has no field-value events");
                }
            });
        }
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.skippedLines().get(0).reason()).isEqualTo("unknown event type \"opne\"");
        List<String> missing = new ArrayList<>();
        for (String f : fields) {
            if (!seen.containsKey(f)) {
                missing.add(f);
            }
        }
        assertThat(missing).as("fields without a value anywhere in the fixture").isEmpty();

        assertThat(seen.get("proc.pname")).contains("java");
        assertThat(seen.get("proc.name")).contains("sh", "apt-get", "debugfs", "x");
        assertThat(seen.get("k8s.ns.name")).containsOnly("blog-system");
        assertThat(seen.get("k8s.pod.name")).contains("web-7f9c8d6b5-x2x7q", "was-6d5f7b8c9-qv9zr");
        assertThat(seen.get("container.id")).contains("host", "c3d4e5f6a1b2");
        assertThat(seen.get("container.image.repository")).contains("registry.blog.local/blog/was");
        assertThat(seen.get("container.privileged")).contains("true", "false");
        assertThat(seen.get("proc.is_exe_upper_layer")).contains("true");
        assertThat(seen.get("proc.is_exe_from_memfd")).contains("true");
        assertThat(seen.get("evt.is_open_write")).contains("true");
        assertThat(seen.get("fd.name")).contains("/usr/bin/nmap", "/etc/shadow", "10.244.1.7:40522->203.0.113.50:4444");
        assertThat(seen.get("fd.nameraw")).contains("../../etc/shadow");
        assertThat(seen.get("fd.sip.name")).contains("kubernetes.default.svc.cluster.local");
        assertThat(seen.get("fd.name_changed")).contains("true");
        assertThat(seen.get("fd.connected")).contains("true", "false");
        assertThat(seen.get("fd.l4proto")).contains("tcp", "udp");
        assertThat(seen.get("evt.arg.request")).contains("PTRACE_ATTACH");
        assertThat(seen.get("evt.arg.domain")).contains("AF_PACKET");
        assertThat(seen.get("evt.arg.flags")).anyMatch(v -> v.contains("O_TRUNC"));
        assertThat(seen.get("evt.arg.target")).contains("/etc/shadow");
        assertThat(seen.get("evt.arg.oldpath")).contains("/etc/shadow");
        assertThat(seen.get("evt.res")).contains("SUCCESS", "ENOENT", "EINPROGRESS");
        assertThat(seen.get("evt.rawres")).contains("0", "1");
        assertThat(seen.get("thread.cap_effective")).anyMatch(v -> v.contains("CAP_SYS_MODULE"));
        assertThat(seen.get("user.name")).contains("root", "nginx", "spring", "ops");
        assertThat(seen.get("user.loginname")).contains("ops");
        assertThat(seen.get("group.name")).contains("spring");
        assertThat(seen.get("proc.tty")).contains("34816");
        assertThat(seen.get("proc.sname")).contains("bash");
        assertThat(seen.get("proc.aname[7]")).isNotEmpty();
        assertThat(state.counters().unknownThreadEvents()).isZero();
    }
}
