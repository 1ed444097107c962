package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * For live tests of a piece of the sensor's program on its own: runs a bpftrace program, then a
 * python3 workload once the probes are attached, then stops bpftrace (its END program runs) and
 * returns every line it printed after attaching. Skips (or fails in CI) where bpftrace cannot run.
 */
final class BpftraceProgramRun {

    private BpftraceProgramRun() {
    }

    /** Runs {@code program} (with {@code environment} added) around {@code python3 -c script}; bpftrace's lines. */
    static List<String> run(Path dir, String program, Map<String, String> environment, String script) throws Exception {
        LiveSensor.requireEbpf();
        SystemTests.require(SystemTests.onPath("python3"), "the workload needs python3");
        Path file = Files.createTempFile(dir, "program-", ".bt");
        Files.writeString(file, program);
        // Started and stopped as the sensor does it, so no signal cuts its last output batch short.
        BpftraceProcess run = BpftraceProcess.start("bpftrace", List.of(file.toString()), environment);
        Process bpftrace = run.process();
        // Threads of its own: the common pool may have a single thread, which a blocked task elsewhere would hold.
        ExecutorService readers = Executors.newFixedThreadPool(3);
        StringBuffer errors = new StringBuffer();
        readers.submit(() -> {
            BufferedReader err = new BufferedReader(new InputStreamReader(bpftrace.getErrorStream(), StandardCharsets.UTF_8));
            for (String line = readLine(err); line != null; line = readLine(err)) {
                errors.append(line).append('\n');
            }
            return null;
        });
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(bpftrace.getInputStream(), StandardCharsets.UTF_8));
            String first;
            try {
                first = readers.submit(() -> readLine(out)).get(120, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("bpftrace printed nothing in 120 s; stderr: " + errors, e);
            }
            assertThat(first).as("bpftrace attached (stderr: %s)", errors).startsWith("Attaching");
            Future<List<String>> read = readers.submit(() -> {
                List<String> lines = new ArrayList<>();
                for (String line = readLine(out); line != null; line = readLine(out)) {
                    lines.add(line);
                }
                return lines;
            });
            Process work = new ProcessBuilder("python3", "-c", script).inheritIO().start();
            assertThat(work.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(work.exitValue()).isZero();
            assertThat(run.end(Duration.ofSeconds(120))).as("bpftrace ended with its keeper; stderr: %s", errors).isTrue();
            try {
                return read.get(120, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("bpftrace's output did not end within 120 s of bpftrace (alive: " + bpftrace.isAlive()
                        + "); stderr: " + errors, e);
            }
        } finally {
            run.endKeeper();
            bpftrace.destroyForcibly();
            readers.shutdownNow();
        }
    }

    /** The sum over CPUs of each one's last (largest) count in {@code code|cpu|count} lines. */
    static long perCpuTotal(List<String> lines, char code) {
        Map<String, Long> byCpu = new HashMap<>();
        for (String line : lines) {
            if (line.length() > 2 && line.charAt(0) == code && line.charAt(1) == '|') {
                String[] f = line.split("\\|");
                byCpu.merge(f[1], Long.parseLong(f[2]), Math::max);
            }
        }
        return byCpu.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many lines are exactly {@code line}. */
    static long count(List<String> lines, String line) {
        return lines.stream().filter(line::equals).count();
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
