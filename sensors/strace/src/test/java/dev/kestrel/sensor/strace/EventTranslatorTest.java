package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.HostAccounts;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTranslatorTest {

    @TempDir
    Path proc;

    /** Keeps what the translator delivers, in order. */
    private static final class Recording implements EventAdapter {
        final List<Object> delivered = new ArrayList<>();

        @Override
        public void snapshot(ProcEntry process, EventSink sink) {
            delivered.add(process);
        }

        @Override
        public void accounts(List<UserMetadata> users, List<GroupMetadata> groups,
                EventSink sink) {
            delivered.addAll(users);
        }

        @Override
        public void call(CallEvent call, EventSink sink) {
            delivered.add(call);
        }
    }

    @Test
    void knownProcessesFirstThenTheCommandAsAChildOfStraceThenItsCalls() throws IOException {
        Path tracer = Files.createDirectories(proc.resolve("500"));
        Files.writeString(tracer.resolve("stat"), "500 (strace) S 400 500 400 34816 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
        Files.writeString(tracer.resolve("cmdline"), "strace\0-f\0");
        Files.writeString(tracer.resolve("status"), "Name:\tstrace\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
                + "NStgid:\t500\t7\nNSpgid:\t500\t7\n");
        Files.createSymbolicLink(tracer.resolve("cwd"), Path.of("/tmp"));
        Files.createDirectories(proc.resolve("etc"));
        Files.writeString(proc.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nbroken line\nwww:x:33:33::/var/www:/usr/sbin/nologin\n");
        Recording rec = new Recording();
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), rec);
        EventSink none = e -> { };
        t.begin(500, none);
        StraceSamples.records("shadow-o.txt", -1, null).forEach(r -> t.translate(r, none));

        assertThat(rec.delivered.get(0)).isEqualTo(new UserMetadata(0, "root", "/root", "/bin/bash"));
        assertThat(rec.delivered.get(1)).isEqualTo(new UserMetadata(33, "www", "/var/www", "/usr/sbin/nologin"));
        rec.delivered.subList(0, 2).clear();
        assertThat(rec.delivered.get(0)).isInstanceOfSatisfying(ProcEntry.class, s -> assertThat(s.pid()).isEqualTo(500));
        assertThat(rec.delivered.get(1)).isInstanceOfSatisfying(ProcEntry.class, s -> {
            assertThat(s.pid()).isEqualTo(12869);
            assertThat(s.ppid()).isEqualTo(500);
            assertThat(s.cwd()).isEqualTo("/tmp");
            assertThat(s.ttyNr()).isEqualTo(34816);
            // described from strace: its ids, not strace's namespace ids (7 here)
            assertThat(s.status().vpid()).isEqualTo(-1);
            assertThat(s.status().vpgid()).isEqualTo(-1);
        });
        List<CallEvent> calls = rec.delivered.stream().filter(o -> o instanceof CallEvent).map(o -> (CallEvent) o).toList();
        assertThat(calls.get(0).type()).isEqualTo("execve");
        CallEvent vfork = calls.stream().filter(c -> c.type().equals("vfork")).findFirst().orElseThrow();
        CallEvent cat = calls.stream().filter(c -> c.type().equals("execve") && c.tid() == 12870).findFirst().orElseThrow();
        CallEvent shadow = calls.stream().filter(c -> "/etc/shadow".equals(c.param("name"))).findFirst().orElseThrow();
        assertThat(calls.indexOf(vfork)).isLessThan(calls.indexOf(cat));
        assertThat(calls.indexOf(cat)).isLessThan(calls.indexOf(shadow));
        assertThat(shadow.params()).containsEntry("flags", "O_RDONLY").containsEntry("fd", 3L);
        assertThat(shadow.pid()).isEqualTo(12870);
        // Only the first process needed a snapshot: the child came from a traced vfork.
        assertThat(rec.delivered.stream().filter(o -> o instanceof ProcEntry)).hasSize(2);
        assertThat(t.skipped()).containsEntry("process gone before /proc was read: described from strace", 1L);
    }

    @Test
    void aKnownProcessesHugeCommandLineIsCutAtFourKibibytesAndCounted() throws IOException {
        Path big = Files.createDirectories(proc.resolve("600"));
        Files.writeString(big.resolve("stat"), "600 (java) S 1 600 600 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
        Files.writeString(big.resolve("cmdline"), "java\0-cp\0" + "a.jar:".repeat(100_000) + "\0Main\0");
        Recording rec = new Recording();
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), rec);

        t.begin(600, e -> { });

        ProcEntry java = rec.delivered.stream().filter(o -> o instanceof ProcEntry).map(o -> (ProcEntry) o)
                .findFirst().orElseThrow();
        assertThat(java.argsTruncated()).isTrue();
        assertThat(java.args()).hasSize(3);
        assertThat(java.args().get(2)).hasSize(ProcScanner.DEFAULT_MAX_ARG_BYTES - "java\0-cp\0".length());
        assertThat(t.skipped()).containsEntry("processes whose command line was cut at 4096 bytes when read from /proc", 1L);
    }

    @Test
    void aThreadTableResetShowsInTheSkippedCounters() {
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), new Recording());
        EventSink none = e -> { };
        String flags = "flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM";
        for (long i = 0; i <= TracedThreads.MAX_ENTRIES + 10; i++) {
            t.translate(new SyscallRecord(500, 1_000_000L + i, "clone", List.of("child_stack=0x7f", flags, "parent_tid=[1]"),
                    true, 10_000 + i, null, null), none);
        }
        assertThat(t.skipped()).hasEntrySatisfying("thread table resets at " + TracedThreads.MAX_ENTRIES
                + " entries, which threads belong to which process and their directories forgotten",
                n -> assertThat(n).isEqualTo(1L));
    }
}
