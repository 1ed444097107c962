package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import dev.kestrel.sensor.strace.StraceValues.SocketTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KestrelEventsTest {

    private static List<CallEvent> calls(String sample) {
        SyscallMapper mapper = new SyscallMapper();
        return StraceSamples.records(sample, -1, null).stream().map(mapper::map).filter(Objects::nonNull).toList();
    }

    @Test
    void everyMappedTypeAndParameterIsInTheEventModel() {
        Set<String> missing = new TreeSet<>();
        for (CallEvent c : calls("exercise.txt")) {
            EventType type = EventType.fromName(c.type());
            if (type == null) {
                missing.add(c.type());
                continue;
            }
            for (String name : c.params().keySet()) {
                if (type.param(name) == null && !name.equals("res")) {
                    missing.add(c.type() + "." + name);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void callsBecomeEventsWithTypedParameters() {
        List<String> rendered = new ArrayList<>();
        KestrelEvents adapter = new KestrelEvents();
        for (CallEvent c : calls("shadow-o.txt")) {
            adapter.call(c, e -> rendered.add(e.toString()));
        }
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith("openat ").contains("tid=12870 pid=12870 ret=3")
                .contains("fd=3").contains("name=/etc/shadow").contains("flags=O_RDONLY"));
        assertThat(rendered).anySatisfy(s -> assertThat(s).startsWith("execve ").contains("tid=12870")
                .contains("exe=cat").contains("args=/etc/shadow").contains("comm=cat"));
    }

    @Test
    void openFlagsAreReadableAsNumbersForIsOpenRead() {
        KestrelEvents adapter = new KestrelEvents();
        CallEvent open = calls("shadow-o.txt").stream().filter(c -> "/etc/shadow".equals(c.param("name"))).findFirst()
                .orElseThrow();
        Event[] seen = new Event[1];
        adapter.call(open, e -> seen[0] = e);
        int flags = EventType.OPENAT.slot("flags");
        assertThat(seen[0].hasNumber(flags)).isTrue();
        assertThat(seen[0].number(flags, -1) & 3).isZero();
        assertThat(seen[0].render(EventType.OPENAT.slot("name"))).isEqualTo("/etc/shadow");
    }

    @Test
    void tuplesAreRenderedAsFalcoPrintsThem() {
        assertThat(KestrelEvents.tupleText(new SocketTuple("TCP", "10.0.0.1", 40000, "1.2.3.4", 4444, null)))
                .isEqualTo("10.0.0.1:40000->1.2.3.4:4444");
        assertThat(KestrelEvents.tupleText(new SocketTuple("TCP", null, 0, "1.2.3.4", 4444, null)))
                .isEqualTo("1.2.3.4:4444");
        assertThat(KestrelEvents.tupleText(new SocketTuple("UDP", null, 0, null, 0, null))).isNull();
        assertThat(KestrelEvents.tupleText(new SocketTuple("UNIX-STREAM", null, 0, null, 0, "/run/x.sock"))).isEqualTo("/run/x.sock");
        assertThat(KestrelEvents.tupleText(new SocketTuple("TCPv6", "::1", 5000, "::1", 80, null))).isEqualTo("[::1]:5000->[::1]:80");
    }

    @Test
    void snapshotsBecomeProcessRecords() {
        KestrelEvents adapter = new KestrelEvents();
        ProcEntry p = new ProcEntry(42, 1, "bash",
                "/usr/bin/bash", List.of("-bash", "-l"), "/root", 34816, 42, 42, ProcStatus.ofIds(0, 0), 0, List.of(),
                CgroupContainerId.fromPath("/"), 5, List.of(42L), false, false);
        Event[] seen = new Event[1];
        adapter.snapshot(p, e -> seen[0] = e);
        assertThat(seen[0].type()).isEqualTo(EventType.PROCESS_SNAPSHOT);
        assertThat(seen[0].process().exe()).isEqualTo("-bash");
        assertThat(seen[0].process().exePath()).isEqualTo("/usr/bin/bash");
        assertThat(seen[0].process().args()).containsExactly("-l");
        assertThat(seen[0].process().containerId()).isEqualTo("host");
        assertThat(seen[0].process().tty()).isEqualTo(34816);
    }
}
