package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Runs real strace; skipped only where strace is missing or ptrace is not permitted. */
class StraceSourceTest {

    /** Keeps the records instead of making events, to test the live plumbing on its own. */
    private static final class Recording implements RecordTranslator {
        final List<StraceRecord> records = new CopyOnWriteArrayList<>();
        volatile long tracer;

        @Override
        public void begin(long tracerPid, EventSink sink) {
            tracer = tracerPid;
        }

        @Override
        public void translate(StraceRecord record, EventSink sink) {
            records.add(record);
        }

        @Override
        public Map<String, Long> skipped() {
            return Map.of();
        }
    }

    @Test
    void tracesACommandAndItsChildrenAndPassesTheExitStatusThrough() throws Exception {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        Recording rec = new Recording();
        StraceSource source = new StraceSource(StraceInvocation.command("strace",
                List.of("sh", "-c", "cat /etc/hostname > /dev/null; exit 3")), rec, 1024, Duration.ofSeconds(5));
        source.start(e -> { });
        assertThat(source.await(Duration.ofSeconds(60))).isTrue();
        assertThat(source.exitStatus()).isEqualTo(3);
        assertThat(rec.tracer).isPositive();
        List<SyscallRecord> execs = rec.records.stream().filter(r -> r instanceof SyscallRecord s && s.name().equals("execve"))
                .map(r -> (SyscallRecord) r).toList();
        assertThat(execs).extracting(e -> StraceValues.stringArray(e.arg(1)).get(0)).containsExactly("sh", "cat");
        assertThat(rec.records).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(SyscallRecord.class,
                s -> assertThat(s.resultAnnotation()).isEqualTo("/etc/hostname")));
        assertThat(rec.records).filteredOn(r -> r instanceof ExitRecord).hasSizeGreaterThanOrEqualTo(2);
        assertThat(source.counters().unparsed()).isEmpty();
        assertThat(source.counters().dropped()).isZero();
        source.stop();
    }

    @Test
    void attachesToARunningProcessAndFollowsItsNewChildren() throws Exception {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        Process target = new ProcessBuilder("sh", "-c", "read line; cat /etc/hostname > /dev/null").start();
        try {
            Recording rec = new Recording();
            StraceSource source = new StraceSource(StraceInvocation.attach("strace", List.of(target.pid())), rec, 1024,
                    Duration.ofSeconds(5));
            source.start(e -> { });
            // Give strace time to attach before the shell goes on; what it misses before that is simply not seen.
            Thread.sleep(1000);
            target.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            target.getOutputStream().flush();
            assertThat(source.await(Duration.ofSeconds(60))).isTrue();
            assertThat(source.attachProblem()).isNull();
            assertThat(rec.records).anySatisfy(r -> assertThat(r).isInstanceOfSatisfying(SyscallRecord.class,
                    s -> assertThat(s.resultAnnotation()).isEqualTo("/etc/hostname")));
            source.stop();
        } finally {
            target.destroyForcibly();
        }
    }

    @Test
    void attachingToAProcessThatDoesNotExistIsExplained() throws Exception {
        SystemTests.require(StracePreflight.check("strace").isEmpty(),
                "strace is missing or ptrace is not permitted: " + StracePreflight.check("strace").orElse(""));
        StraceSource source = new StraceSource(StraceInvocation.attach("strace", List.of(999_999_999L)), new Recording(),
                16, Duration.ofSeconds(1));
        source.start(e -> { });
        assertThat(source.await(Duration.ofSeconds(30))).isTrue();
        assertThat(source.attachProblem()).startsWith("strace found no such process");
        source.stop();
    }

    @Test
    void theProviderIsFoundByNameAndChecksItsArguments() {
        EventSourceProvider p = EventSourceProvider.find("strace").orElseThrow();
        assertThat(p).isInstanceOf(StraceSourceProvider.class);
        assertThat(EventSourceProvider.find("nope")).isEmpty();
        assertThatThrownBy(() -> p.create(List.of())).isInstanceOf(EventSourceException.class)
                .hasMessageStartingWith("give a command to trace");
        assertThatThrownBy(() -> p.create(List.of("-p", "1", "--", "ls"))).hasMessageContaining("not both");
    }

    @Test
    void invocationArgumentsCarryTheChosenOptions() throws EventSourceException {
        StraceInvocation run = StraceSourceProvider.invocation(List.of("--", "ls", "-l"));
        List<String> argv = run.argv(Path.of("/tmp/fifo"));
        assertThat(argv).startsWith("strace", "-f", "-ttt", "-yy", "-s", "4096", "-q").endsWith("--seccomp-bpf", "--", "ls", "-l");
        assertThat(argv).contains("-o", "/tmp/fifo");
        assertThat(argv.stream().filter(a -> a.startsWith("trace=")).findFirst().orElseThrow()).contains("?openat", "?execve");
        StraceInvocation attach = StraceSourceProvider.invocation(List.of("--strace", "/usr/bin/strace", "-p", "42", "-p", "43"));
        assertThat(attach.attaching()).isTrue();
        assertThat(attach.argv(Path.of("/f"))).startsWith("/usr/bin/strace").endsWith("-p", "42", "-p", "43")
                .doesNotContain("--seccomp-bpf");
    }

    @Test
    void aRecordCountsTowardsTheQueuesByteBudgetByItsText() {
        SyscallRecord small = new SyscallRecord(1, 0, "openat", List.of("AT_FDCWD", "\"/a\"", "O_RDONLY"), true, 3, null, "/a");
        String longPath = "\"/" + "x".repeat(4000) + "\"";
        SyscallRecord large = new SyscallRecord(1, 0, "openat", List.of("AT_FDCWD", longPath, "O_RDONLY"), true, 3, null, "/a");
        assertThat(StraceSource.recordBytes(large) - StraceSource.recordBytes(small)).isEqualTo(2L * (longPath.length() - 4));
        assertThat(StraceSource.recordBytes(new ExitRecord(1, 0, 0, null, false))).isPositive();
        assertThat(StraceSource.recordBytes(new SignalRecord(1, 0, "SIGCHLD", "{si_signo=SIGCHLD}")))
                .isGreaterThan(2L * ("SIGCHLD".length() + "{si_signo=SIGCHLD}".length()));
    }
}
