package dev.kestrel.bench;

import dev.kestrel.core.event.Event;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelBuilder;
import dev.kestrel.sensor.scap.ScapLimits;
import dev.kestrel.sensor.scap.ScapReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading a Falco/sysdig capture: the shared {@code node-50k.scap} (50,552 events and records) held
 * in memory, so the disk is not measured. {@code read} decodes every block into one reused event;
 * {@code replay} also runs each through {@link Kestrel#process} with Falco's official rules and the
 * custom ones (state, evaluation, alerts), one engine for every pass (the capture's process and fd
 * lists reset what the pass before left). Scores are per event.
 *
 * <pre>java -jar bench/target/benchmarks.jar CaptureBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CaptureBenchmark.EVENTS)
public class CaptureBenchmark {

    /** Events and records node-50k.scap yields (checked at setup). */
    static final int EVENTS = 50_552;

    private byte[] capture;
    private final Event event = new Event();
    private Kestrel kestrel;

    @Setup
    public void load() throws IOException {
        capture = Files.readAllBytes(capturePath());
        if (read() != EVENTS) {
            throw new IllegalStateException("the capture does not hold " + EVENTS + " events; use node-50k.scap");
        }
    }

    @Setup
    public void engine() {
        KestrelBuilder builder = Kestrel.builder();
        for (RulesSource source : BenchRules.officialAndUser()) {
            builder.rulesText(source.name(), source.content());
        }
        kestrel = builder.build();
    }

    @TearDown
    public void close() {
        kestrel.close();
    }

    @Benchmark
    public int read() throws IOException {
        int n = 0;
        try (ScapReader r = ScapReader.open("node-50k.scap", new ByteArrayInputStream(capture), ScapLimits.DEFAULTS)) {
            while (r.next(event)) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public int replay() throws IOException {
        int n = 0;
        try (ScapReader r = ScapReader.open("node-50k.scap", new ByteArrayInputStream(capture), ScapLimits.DEFAULTS)) {
            while (r.next(event)) {
                kestrel.process(event);
                n++;
            }
        }
        return n;
    }

    static Path capturePath() {
        String explicit = System.getProperty("kestrel.capture");
        if (explicit != null) {
            return Path.of(explicit);
        }
        String shared = System.getProperty("kestrel.shared.dir");
        if (shared != null) {
            return Path.of(shared, "captures", "node-50k.scap");
        }
        String root = System.getProperty("kestrel.root.dir", ".");
        Path p = Path.of(root).resolve("../shared/captures/node-50k.scap").normalize();
        if (!Files.isRegularFile(p)) {
            throw new UncheckedIOException(new IOException("node-50k.scap is not at " + p + " (set -Dkestrel.capture=PATH)"));
        }
        return p;
    }
}
