package dev.kestrel.cli;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.SourceCounters;
import dev.kestrel.engine.runtime.HostNameResolver;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.sensor.ebpf.EbpfOptions;
import dev.kestrel.sensor.ebpf.EbpfPreflight;
import dev.kestrel.sensor.ebpf.EbpfSource;
import dev.kestrel.sensor.ebpf.OciRuntimeMetadata;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * {@code kestrel watch --source ebpf}: watches every process on the host through the eBPF sensor,
 * prints alerts as they happen and a summary at the end (events by type, lost and dropped events,
 * alerts by priority, the sensor's CPU time). With a command it starts it once the probes are live
 * and ends after it; without one it runs until Ctrl-C or {@code --duration}.
 */
final class EbpfWatch {

    static final String USAGE = """
            usage: kestrel watch --source ebpf [--rules FILE]... [--config FILE] [--json] [--all-matches]
                                 [--min-priority P] [--duration D] [--bpftrace PATH] [--map-entries N]
                                 [--resolve-hosts D] [-- COMMAND [ARGS...]]

            Watches every process on the host with bpftrace (eBPF), evaluates the rules and prints each
            alert as it happens. Only the system calls the loaded rules can match are traced, plus the
            process life cycle; opens of plain paths no rule can match stay in the kernel (counted in
            the summary). Needs root (with CAP_BPF and CAP_PERFMON), bpftrace, a mounted tracefs and
            kernel BTF; see docs/ebpf-sensor.md.

              --duration D       stop after D (e.g. 30s, 5m, 500ms); without it and without a command,
                                 stop with Ctrl-C
              --bpftrace PATH    the bpftrace program to use (default: bpftrace on the PATH)
              --map-entries N    entries per kernel map (default 65536; each map is preallocated,
                                 about 6.8 MB at the default: less memory, but a full map loses calls)
              --resolve-hosts D  resolve the host names the rules compare fd.sip.name and friends with
                                 (Falco's "Contact K8S API Server From Container" names the API server)
                                 now and every D, so those fields have values; this sends DNS queries
              -- COMMAND...      start COMMAND once the probes are live, stop after it exits""";

    /** The options of {@code watch --source ebpf} that take a value (the alert options aside). */
    static final Set<String> VALUED_OPTIONS = Set.of("--duration", "--bpftrace", "--map-entries", "--resolve-hosts");

    /** The longest {@code --duration}: 100 years (a longer one is surely a slip, and its nanoseconds overflow). */
    static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private EbpfWatch() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        AlertOptions options = new AlertOptions("watch", true);
        EbpfOptions sensor = EbpfOptions.defaults();
        Duration duration = null;
        Duration resolveEvery = null;
        List<String> command;
        try {
            WatchArguments read = WatchArguments.read(args, options, VALUED_OPTIONS);
            for (WatchArguments.Option o : read.options()) {
                if (o.name().equals("--bpftrace")) {
                    if (o.value().isBlank()) {
                        return usage(err, "--bpftrace needs the path of the bpftrace program, not an empty word");
                    }
                    sensor = sensor.withBpftrace(o.value());
                } else if (o.name().equals("--map-entries")) {
                    Integer n = mapEntries(o.value());
                    if (n == null) {
                        return usage(err, "--map-entries needs a whole number from " + EbpfOptions.MIN_MAP_ENTRIES + " to "
                                + EbpfOptions.MAX_MAP_ENTRIES + ", not '" + o.value() + "'");
                    }
                    sensor = sensor.withMapEntries(n);
                } else if (o.name().equals("--resolve-hosts")) {
                    resolveEvery = resolveEvery(o.value());
                } else {
                    duration = duration(o.value());
                }
            }
            command = read.command();
        } catch (AlertOptions.UsageException e) {
            return usage(err, e.getMessage());
        }
        String problem = EbpfPreflight.check(sensor.bpftrace()).orElse(null);
        if (problem != null) {
            err.println("kestrel watch: " + problem);
            return Command.USAGE;
        }
        // One reader of the runtime's state: the sensor sends what it finds ahead of a container's
        // execs, and the engine asks it about a container it no longer (or never) had described.
        OciRuntimeMetadata metadata = new OciRuntimeMetadata();
        options.metadataProvider(metadata);
        Kestrel kestrel = options.build(out, err, "nothing was watched");
        if (kestrel == null) {
            return Command.FAILED;
        }
        HostNameResolver resolver = resolveEvery == null ? null
                : HostNameResolver.start(kestrel, HostNameResolver.SYSTEM, resolveEvery);
        EbpfSource source = new EbpfSource(sensor.withEvents(kestrel.ruleEventTypes())
                .withOpenPaths(kestrel.openPathFilter()).withCommand(command), metadata);
        AtomicLongArray byType = new AtomicLongArray(EventType.values().length);
        // On Ctrl-C the JVM runs this hook and halts as soon as it returns: it stops the sensor, then
        // waits (bounded) until the summary below is printed.
        CountDownLatch summarized = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            source.stop();
            try {
                summarized.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kestrel-watch-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        err.println("kestrel watch: compiling and attaching the eBPF probes (this takes a while)...");
        try {
            source.start((Event e) -> {
                byType.incrementAndGet(e.type().ordinal());
                kestrel.process(e);
            });
        } catch (EventSourceException e) {
            // The prerequisites passed (checked above): bpftrace itself failed, while attaching.
            if (resolver != null) {
                resolver.close();
            }
            kestrel.close();
            err.println("kestrel watch: " + e.getMessage());
            summarized.countDown();
            return Command.FAILED;
        }
        try {
            if (!source.unwatchedTypes().isEmpty()) {
                err.println("kestrel watch: the rules also use " + source.unwatchedTypes().stream().map(EventType::falcoName)
                        .sorted().collect(Collectors.joining(", "))
                        + ", which the eBPF sensor does not watch; rules on them alone do not fire");
            }
            err.println("kestrel watch: watching " + (command.isEmpty() ? "the host" : "the host while " + command.get(0) + " runs")
                    + (duration == null ? "" : " for " + duration.toMillis() + " ms"));
            long began = System.nanoTime();
            long limit = duration == null ? Long.MAX_VALUE : duration.toNanos();
            while (!source.await(Duration.ofMillis(200))) {
                if (System.nanoTime() - began > limit) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.stop();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down (Ctrl-C): the hook already stopped the sensor
        }
        if (resolver != null) {
            resolver.close();
        }
        kestrel.close();
        out.flush();
        summary(source, byType, err);
        if (resolver != null) {
            err.printf("Host names: %d lookups found addresses, %d failed (no such name, or no answer)%n", resolver.resolved(),
                    resolver.failed());
        }
        ReplaySummary.print(kestrel.counters(), List.of(), err);
        options.printResponseSummary(err);
        err.flush();
        summarized.countDown();
        String failure = source.failure();
        if (failure != null) {
            err.println("kestrel watch: " + failure);
            return Command.FAILED;
        }
        return command.isEmpty() ? Command.OK : Math.max(0, source.exitStatus());
    }

    private static void summary(EbpfSource source, AtomicLongArray byType, PrintStream err) {
        SourceCounters c = source.counters();
        EbpfSource.CpuTimes cpu = source.cpuTimes();
        err.printf("Sensor: %d events from eBPF, %d lost in the kernel, %d dropped (evaluation fell behind), "
                + "%d lines not understood, CPU time %.2f s (bpftrace %.2f s, reading %.2f s, evaluating %.2f s)%n",
                c.events(), source.lost(), c.dropped(), c.unparsedTotal(), cpu.total().toNanos() / 1e9,
                cpu.bpftrace().toNanos() / 1e9, cpu.reading().toNanos() / 1e9, cpu.writing().toNanos() / 1e9);
        StringBuilder types = new StringBuilder();
        EventType[] all = EventType.values();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            if (byType.get(i) > 0) {
                order.add(i);
            }
        }
        order.sort((a, b) -> Long.compare(byType.get(b), byType.get(a)));
        for (int i : order) {
            String name = all[i].falcoName() != null ? all[i].falcoName() : all[i].name().toLowerCase(Locale.ROOT);
            types.append(types.length() == 0 ? "  by type: " : ", ").append(name).append(' ').append(byType.get(i));
        }
        if (types.length() > 0) {
            err.println(types);
        }
        if (source.droppedOverBytes() > 0) {
            err.printf("  %d of the dropped: the queue to evaluation held its byte budget (%d MiB)%n", source.droppedOverBytes(),
                    source.options().queueBytes() >> 20);
        }
        if (source.droppedAtStop() > 0) {
            err.printf("  %d of the dropped: given up at stop (still queued when the stop stopped waiting for evaluation)%n",
                    source.droppedAtStop());
        }
        c.skipped().forEach((k, v) -> err.printf("  %d: %s%n", v, k));
        c.unparsed().forEach((k, v) -> err.printf("  not understood %d: %s%n", v, k));
        if (source.lost() > 0 || c.dropped() > 0 || c.skipped().containsKey(EbpfSource.END_CUT_OFF)) {
            err.println("  events were lost or dropped; alerts may be missing (like Falco's syscall_event_drops)");
        }
    }

    /** A map size within {@link EbpfOptions}' range, or null. */
    static Integer mapEntries(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            return n >= EbpfOptions.MIN_MAP_ENTRIES && n <= EbpfOptions.MAX_MAP_ENTRIES ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h}, or a number of seconds, more than 0 and at most
     * {@link #MAX_DURATION}.
     *
     * @throws AlertOptions.UsageException with the sentence to show, when it is unreadable or out of that range
     */
    static Duration duration(String text) throws AlertOptions.UsageException {
        Duration d = readDuration(text);
        if (d == null) {
            throw new AlertOptions.UsageException("--duration needs a length such as 30s, 5m or 500ms, not '" + text + "'");
        }
        if (d.compareTo(MAX_DURATION) > 0) {
            throw new AlertOptions.UsageException("--duration may be at most 100 years (876000h), not '" + text + "'");
        }
        return d;
    }

    /** The interval of {@code --resolve-hosts}: at least a second (DNS is asked once per name each time). */
    static Duration resolveEvery(String text) throws AlertOptions.UsageException {
        Duration d = readDuration(text);
        if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_DURATION) > 0) {
            throw new AlertOptions.UsageException("--resolve-hosts needs an interval of at least 1s such as 30s or 5m, not '"
                    + text + "'");
        }
        return d;
    }

    /** As {@link #duration}, without the upper bound; null when unreadable, zero or negative. */
    private static Duration readDuration(String text) {
        try {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            long n = Character.isDigit(unit) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
            Duration d = switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Character.isDigit(unit) ? Duration.ofSeconds(n) : null;
            };
            return d == null || d.isNegative() || d.isZero() ? null : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("kestrel watch: " + message);
        err.println(USAGE);
        return Command.USAGE;
    }
}
