package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One eBPF sensor for every live test class in the test JVM (compiling and attaching the program
 * takes tens of seconds): Falco's official rules, src/rules/user_rules.yaml and the test rules of
 * {@code live-test-rules.yaml}, every matching rule alerting, container and pod fields appended to
 * every output as Falco's {@code -pk} does. Started on first use, stopped when the JVM's tests end.
 */
final class LiveSensor implements ExtensionContext.Store.CloseableResource {

    private final CollectingSink sink = new CollectingSink("test");
    final Kestrel kestrel;
    final EbpfSource source;

    private LiveSensor(boolean savedRegisters) throws Exception {
        Path falco = SharedFiles.falcoRules();
        Path user = SharedFiles.root().resolve("src/rules/user_rules.yaml");
        Path tests = Path.of(LiveSensor.class.getResource("live-test-rules.yaml").toURI());
        // One reader of the runtime's state for the sensor and the engine, as under 'kestrel watch'.
        OciRuntimeMetadata metadata = new OciRuntimeMetadata();
        kestrel = Kestrel.builder().rules(falco, user, tests).ruleMatching(RuleMatching.ALL)
                .appendOutput("container_id=%container.id container_name=%container.name k8s_pod_name=%k8s.pod.name "
                        + "k8s_ns_name=%k8s.ns.name k8s_pod_uid=%k8s.pod.uid image=%container.image.repository "
                        + "tag=%container.image.tag")
                .metadataProviders(metadata).sink(sink).build();
        // Opens no rule can match stay in the kernel, as under 'kestrel watch': every live test runs through that filter.
        source = new EbpfSource(EbpfOptions.defaults().withOpenPaths(kestrel.openPathFilter()), metadata, savedRegisters);
        try {
            source.start(kestrel::process);
        } catch (Exception e) {
            kestrel.close();
            throw e;
        }
    }

    /** The alerts so far (a copy). */
    List<Alert> alerts() {
        return sink.alerts();
    }

    /** The shared sensor, started on first use; the test is skipped (or fails in CI) where it cannot run. */
    static LiveSensor get(ExtensionContext context) {
        return shared(context, true);
    }

    /**
     * A second shared sensor that saves every call's arguments at its entry, as on machines whose saved
     * registers it cannot read ({@link SyscallRegisters}); started on first use.
     */
    static LiveSensor atEntry(ExtensionContext context) {
        return shared(context, false);
    }

    private static LiveSensor shared(ExtensionContext context, boolean savedRegisters) {
        requireEbpf();
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(savedRegisters ? LiveSensor.class : "LiveSensor at entry", k -> {
                    try {
                        return new LiveSensor(savedRegisters);
                    } catch (Exception e) {
                        throw new IllegalStateException("the eBPF sensor did not start: " + e.getMessage(), e);
                    }
                }, LiveSensor.class);
    }

    /** Skips the test (or fails it in CI) unless bpftrace can run here: root, bpftrace, tracefs, BTF. */
    static void requireEbpf() {
        SystemTests.require(SystemTests.root(), "the eBPF sensor needs root");
        String problem = EbpfPreflight.check("bpftrace").orElse(null);
        SystemTests.require(problem == null, "the eBPF sensor cannot run here: " + problem);
    }

    /** Hands a test method its {@link ExtensionContext}, which {@link #get} needs ({@code @ExtendWith(LiveSensor.Context.class)}). */
    static final class Context implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
            return parameter.getParameter().getType() == ExtensionContext.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
            return extension;
        }
    }

    /** Waits (bounded, a hang guard) for an alert matching {@code p}. */
    Alert await(Predicate<Alert> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Alert a : sink.alerts()) {
                if (p.test(a)) {
                    return a;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no alert matched within 30 s; alerts: " + sink.alerts().stream()
                .filter(a -> !a.rule().startsWith("PTRACE")).map(Alert::output).toList()
                + "; sensor: " + source.counters() + (source.failure() == null ? "" : "; " + source.failure()));
    }

    /** Runs {@code argv} on the host, output discarded, and waits for it (bounded); its exit status. */
    static int run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s ended", List.of(argv)).isTrue();
        return p.exitValue();
    }

    @Override
    public void close() {
        source.stop();
        kestrel.close();
        assertThat(source.failure()).isNull();
        // Every line bpftrace printed, to the last one after the probes were detached, was understood.
        assertThat(source.counters().unparsed()).as("lines not understood; sensor: %s", source.counters()).isEmpty();
        assertThat(source.counters().skipped()).as("sensor: %s", source.counters()).doesNotContainKey(EbpfSource.END_CUT_OFF);
    }
}
