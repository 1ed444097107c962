package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.sensor.strace.StracePreflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signals to the JVM and a dying strace leave nothing running and say so (docs/limits.md, "The command
 * line").
 */
class WatchLifecycleTest {

    @TempDir
    Path dir;

    private static void requireStrace() {
        SystemTests.require(StracePreflight.check("strace").isEmpty(), "strace is missing or ptrace is not permitted");
    }

    /** The FIFO folders in {@code tmp}, the child JVM's own temporary folder (other builds share /tmp). */
    private static Set<String> straceDirs(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("kestrel-strace-"))
                    .collect(Collectors.toSet());
        }
    }

    /** Waits for a process among {@code jvm}'s descendants whose command ends with {@code name}. */
    private static ProcessHandle descendant(Process jvm, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> found = jvm.descendants()
                    .filter(h -> h.info().command().map(c -> c.endsWith("/" + name)).orElse(false)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + name + "' process appeared under the watch JVM");
    }

    private void stopsEverythingOn(String signal) throws Exception {
        requireStrace();
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Process jvm = ChildCli.start(List.of("-Djava.io.tmpdir=" + tmp), dir.resolve("out"), dir.resolve("err"),
                "watch", "--", "sleep", "300");
        try {
            ProcessHandle sleep = descendant(jvm, "sleep");
            assertThat(straceDirs(tmp)).as("the FIFO folder while watching").hasSize(1);
            ProcessHandle strace = sleep.parent().orElseThrow();
            Thread.sleep(300); // the JVM has registered its shutdown hook by then
            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(jvm.pid())).start().waitFor()).isZero();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("the watch JVM ends").isTrue();
            sleep.onExit().get(10, TimeUnit.SECONDS);
            strace.onExit().get(10, TimeUnit.SECONDS);
            assertThat(sleep.isAlive()).as("the traced command is stopped").isFalse();
            assertThat(strace.isAlive()).as("strace is stopped").isFalse();
            String err = Files.readString(dir.resolve("err"));
            assertThat(err).contains("stopping on a signal").contains("Sensor:").contains("Events:");
            assertThat(straceDirs(tmp)).as("temporary FIFO folders are removed").isEmpty();
        } finally {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsStraceAndTheCommandRemovesTheFifoAndPrintsTheSummary() throws Exception {
        stopsEverythingOn("TERM");
    }

    @Test
    void sigintDoesTheSame() throws Exception {
        stopsEverythingOn("INT");
    }

    @Test
    void straceKilledIsReportedTheCommandStoppedAndTheExitNonZero() throws Exception {
        requireStrace();
        Process jvm = ChildCli.start(List.of(), dir.resolve("out"), dir.resolve("err"), "watch", "--", "sleep", "300");
        try {
            ProcessHandle sleep = descendant(jvm, "sleep");
            ProcessHandle strace = sleep.parent().orElseThrow(); // the tracing strace, not the preflight's
            assertThat(strace.info().command().orElse("")).endsWith("/strace");
            Thread.sleep(300);
            assertThat(new ProcessBuilder("kill", "-9", Long.toString(strace.pid())).start().waitFor()).isZero();
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).as("watch notices and ends").isTrue();
            String err = Files.readString(dir.resolve("err"));
            assertThat(jvm.exitValue()).as(err).isEqualTo(1);
            assertThat(err).contains("strace ended (killed by signal 9)")
                    .contains("pid " + sleep.pid()).contains("Kestrel stops the command");
            sleep.onExit().get(10, TimeUnit.SECONDS);
            assertThat(sleep.isAlive()).isFalse();
        } finally {
            jvm.descendants().forEach(ProcessHandle::destroyForcibly);
            jvm.destroyForcibly();
        }
    }
}
