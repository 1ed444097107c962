package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.RuleMatching;
import dev.kestrel.engine.sink.CollectingSink;
import dev.kestrel.sensor.proc.FdScanLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Printed lines run through the sensor's own reading path (RecordAssembler, ExePaths and NamespaceIds, then EventWriter) into a
 * Kestrel, as the live sensor does, giving the alerts. One Kestrel, reset between runs; not thread-safe.
 */
final class SensorReplay implements AutoCloseable {

    /** What of an alert must not change: its rule, its event's time and its text. */
    record Seen(String rule, long timeNanos, String output) {
        static Seen of(Alert a) {
            return new Seen(a.rule(), a.timeNanos(), a.output());
        }
    }

    /** A /proc without processes: a cgroup the program did not announce is the host's. */
    private static final Path NO_PROC = Path.of("/nonexistent-kestrel-test-proc");

    private final CollectingSink sink = new CollectingSink("replay");
    private final Kestrel kestrel;
    /** Where a process first seen by its own record is read ({@link UnseenProcesses}), or null: not read. */
    private Path unseenProc;

    /** @throws RuntimeException when the rules do not load */
    SensorReplay(String name, String rulesYaml) {
        kestrel = Kestrel.builder().rulesText(name, rulesYaml).ruleMatching(RuleMatching.ALL).sink(sink).build();
    }

    SensorReplay(Path rules) {
        kestrel = Kestrel.builder().rules(rules).ruleMatching(RuleMatching.ALL).sink(sink).build();
    }

    /** From now on, a process first seen by its own record is read from the tree under {@code proc}, as the sensor reads /proc. */
    SensorReplay readingUnseenFrom(Path proc) {
        unseenProc = proc;
        return this;
    }

    Kestrel kestrel() {
        return kestrel;
    }

    /** The alerts of these lines, on a fresh system state. */
    List<Seen> alerts(List<String> lines) {
        kestrel.resetState();
        sink.clear();
        List<SensorRecord> records = new ArrayList<>();
        CgroupNames cgroups = new CgroupNames(100, 1 << 20);
        ExePaths exePaths = new ExePaths(100, 1 << 20);
        NamespaceIds namespaceIds = new NamespaceIds(100);
        RecordAssembler assembler = new RecordAssembler(records::add, cgroups, exePaths, namespaceIds, 4096, 500_000_000L);
        lines.forEach(assembler::accept);
        assembler.finish();
        if (!assembler.unparsed().isEmpty()) {
            throw new IllegalStateException("lines not understood: " + assembler.unparsed() + " in " + lines);
        }
        EventWriter writer = new EventWriter(0, cgroups, "", null, NO_PROC);
        UnseenProcesses unseen = unseenProc == null ? null : UnseenProcesses.fromProc(unseenProc, FdScanLimits.DEFAULTS, 4096);
        for (SensorRecord record : records) {
            SensorRecord r = namespaceIds.named(exePaths.named(record));
            SensorRecord.Snapshot first = unseen == null ? null : unseen.before(r);
            if (first != null) {
                writer.writeFirstSeen(first, r, kestrel::process);
            } else {
                writer.write(r, kestrel::process);
            }
        }
        if (!kestrel.flush(Duration.ofSeconds(30))) {
            throw new IllegalStateException("alerts not delivered within 30 s");
        }
        List<Seen> seen = sink.alerts().stream().map(Seen::of).toList();
        sink.clear();
        return seen;
    }

    @Override
    public void close() {
        kestrel.close();
    }
}
