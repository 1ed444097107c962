package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The way from printed lines to the sink under a byte budget: what does not fit is dropped, counted, never lost silently. */
class RecordPipelineTest {

    private static final int EXECS = 200;

    static EbpfOptions options(long queueBytes) {
        // no waiting for room: a record that does not fit is dropped at once
        return new EbpfOptions("bpftrace", null, List.of(), 10_000, Duration.ZERO, 4096, Duration.ofMillis(100), 1024,
                Duration.ofMinutes(1), null, 65_536, queueBytes, null);
    }

    private static void line(RecordPipeline p, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        p.line(b, 0, b.length);
    }

    /** Feeds {@code EXECS} execs with 2 KiB of arguments each while the sink holds its first event; the counts after it lets go. */
    private static long[] run(long queueBytes) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong execs = new AtomicLong();
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        RecordPipeline p = new RecordPipeline(options(queueBytes), new KernelLayout(-1, 0, "", "parent", true), null, selfChecks,
                new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> {
                    if (e.type() == EventType.EXECVE) {
                        execs.incrementAndGet();
                    }
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
        for (int i = 0; i < EXECS; i++) {
            long ts = 1_000_000L + i;
            long tid = 100 + i;
            line(p, "E|" + ts + "|" + tid + "|" + tid + "|1|0|0|0|0|0|2041|1|0|0|0|0|0|sh");
            line(p, "F|" + ts + "|" + tid + "|1|0|0|0|0|/bin/sh");
            for (int off = 0; off < 2041; off += BpftraceScript.ARG_CHUNK_BYTES) {
                line(p, "A|" + tid + "|" + off + "|" + chunkOf(off));
            }
            if (i == 0) {
                // the first exec goes through and holds the sink: the rest meet a queue nobody drains
                line(p, "T|" + (ts + 1_000_000_000L));
                assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }
        line(p, "T|" + 10_000_000_000L);
        long dropped = p.dropped();
        long overBytes = p.droppedOverBytes();
        release.countDown();
        p.finish();
        assertThat(p.await(Duration.ofSeconds(30))).isTrue();
        assertThat(p.caughtUp()).isTrue();
        return new long[] {execs.get(), dropped, overBytes, p.dropped()};
    }

    /** The bytes of one 160-byte chunk of the argument area at {@code off}: 'a's with a NUL every 151 bytes. */
    private static String chunkOf(int off) {
        StringBuilder b = new StringBuilder();
        for (int i = off; i < Math.min(off + BpftraceScript.ARG_CHUNK_BYTES, 2041); i++) {
            b.append(i % 151 == 150 ? "\\x00" : "a");
        }
        return b.toString();
    }

    @Test
    void recordsPastTheByteBudgetAreDroppedAndCountedAsSuch() throws InterruptedException {
        long[] r = run(64 << 10);
        long delivered = r[0];
        long dropped = r[3];
        assertThat(r[2]).as("dropped over bytes").isPositive().isEqualTo(r[1]);
        assertThat(delivered + dropped).isEqualTo(EXECS);
        // 64 KiB holds a few execs of about 4.5 KiB each (2 KiB of arguments at two bytes a character), not all 200
        assertThat(delivered).isBetween(2L, 40L);
    }

    /** The kernel's counts of calls seen only at their exit reach the source's skipped counters, summed over CPUs. */
    @Test
    void callsSeenOnlyAtTheirExitAreReportedUnderTheirOwnName() {
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        RecordPipeline p = new RecordPipeline(options(EbpfOptions.DEFAULT_QUEUE_BYTES), new KernelLayout(-1, 0, "", "parent", true),
                null, selfChecks, new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> { });
        line(p, "M|0|4");
        line(p, "M|1|3");
        line(p, "M|0|6");
        java.util.Map<String, Long> skipped = new java.util.HashMap<>();
        p.addSkipped(skipped);
        assertThat(skipped).containsEntry(EbpfSource.ENTRIES_MISSING, 9L);
        assertThat(p.unparsed()).isEmpty();
    }

    @Test
    void aGenerousBudgetDeliversEverything() throws InterruptedException {
        long[] r = run(EbpfOptions.DEFAULT_QUEUE_BYTES);
        assertThat(r[0]).isEqualTo(EXECS);
        assertThat(r[3]).isZero();
    }

    /**
     * A cgroup's removal that the full queue drops: the kernel has forgotten the cgroup and will not say
     * so again, yet the execs from it still queued need its path. Forgetting it at the drop made them host.
     */
    @Test
    void aDroppedCgroupRemovalIsForgottenOnlyAfterTheRecordsBeforeIt() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> containers = new java.util.concurrent.CopyOnWriteArrayList<>();
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        EbpfOptions room = new EbpfOptions("bpftrace", null, List.of(), 2, Duration.ZERO, 4096, Duration.ofMillis(100), 1024,
                Duration.ofMinutes(1), null, 65_536, 1L << 20, null);
        RecordPipeline p = new RecordPipeline(room, new KernelLayout(-1, 0, "", "parent", true), null, selfChecks,
                new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> {
                    if (e.type() == EventType.EXECVE) {
                        containers.add(e.text(EventType.EXECVE.slot("container_id")));
                        holding.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
        String id = "c0ffee".repeat(10) + "beef";
        line(p, "G|6404|0|" + id);
        line(p, "G|6404|1|docker");
        line(p, "G|6404|2|");
        for (int i = 0; i < 3; i++) {
            long ts = 1_000_000L + i;
            long tid = 900_000 + i;   // no such process: a path not named comes from nowhere
            line(p, "E|" + ts + "|" + tid + "|" + tid + "|1|0|0|0|0|0|4|6404|0|0|0|0|0|sh");
            line(p, "F|" + ts + "|" + tid + "|1|0|0|0|0|/bin/sh");
            line(p, "A|" + tid + "|0|sh\\x00");
            if (i == 0) {
                line(p, "T|" + (ts + 1_000_000_000L));
                assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
        }
        line(p, "O|2000000|6404");
        line(p, "T|" + 10_000_000_000L);
        assertThat(p.dropped()).as("the queue of two held both execs: the removal was dropped").isEqualTo(1);
        assertThat(p.cgroupPath(6404)).as("not forgotten while its execs wait").isEqualTo("/docker/" + id);
        release.countDown();
        p.finish();
        assertThat(p.await(Duration.ofSeconds(30))).isTrue();
        assertThat(containers).containsExactly(id.substring(0, 12), id.substring(0, 12), id.substring(0, 12));
        assertThat(p.cgroupPath(6404)).as("forgotten once they were written").isNull();
    }

    /**
     * A new container thread's ids (queued from its own return from the clone) name the fork's child-side
     * report when they came within its reorder window; ones that came later are counted at the end.
     */
    @Test
    void aForksChildTakesTheIdsItsChildQueuedAndLateOnesAreCounted() throws Exception {
        List<String> forks = new java.util.concurrent.CopyOnWriteArrayList<>();
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        RecordPipeline p = new RecordPipeline(options(1L << 20), new KernelLayout(-1, 0, "", "parent", true), null, selfChecks,
                new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> {
                    if (e.type() == EventType.FORK && e.returnValue() == 0) {
                        forks.add(e.tid() + ":" + e.number(EventType.FORK.slot("vtid"), -1) + "/" + e.number(EventType.FORK.slot("vpid"), -1));
                    }
                });
        line(p, "B|3|1000000|100|100|200|0|1|1|sh");
        line(p, "V|1000050|200|12|12");
        line(p, "T|" + 2_000_000_000L);
        line(p, "B|3|3000000000|100|100|201|0|1|1|sh");
        line(p, "T|" + 4_000_000_000L);
        line(p, "V|3000000050|201|13|13");
        p.finish();
        assertThat(p.await(Duration.ofSeconds(30))).isTrue();
        assertThat(forks).containsExactly("200:12/12", "201:-1/-1");
        java.util.Map<String, Long> skipped = new java.util.TreeMap<>();
        p.addSkipped(skipped);
        assertThat(skipped).containsEntry("namespace ids of new container threads no fork report took (the child first ran after"
                + " its fork went out, or the fork was lost; their proc.vpid is the host pid until they exec)", 1L);
    }

    /**
     * The pipeline's own order: a process whose first record (an open) came before anything named it is read from
     * /proc and written, at that record's time, right before it; its second record reads nothing.
     */
    @Test
    void aProcessFirstSeenByItsOwnRecordIsWrittenFromProcRightBeforeIt(@TempDir Path proc) throws Exception {
        FakeProc.process(proc, 200, 100, "sh", "/usr/bin/dash", List.of("sh", "-c", "cat /etc/shadow"), "/");
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        RecordPipeline p = new RecordPipeline(options(EbpfOptions.DEFAULT_QUEUE_BYTES), new KernelLayout(-1, 0, "", "parent", true),
                null, selfChecks, new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"),
                e -> written.add(e.type() + " " + e.pid()), proc);
        String open = "S|" + SyscallProbes.BY_SYSCALL.get("openat").index();
        line(p, open + "|2000000|200|200|3|-100|0|0|/etc/shadow");
        line(p, open + "|3000000|200|200|4|-100|0|0|/etc/hostname");
        line(p, "T|" + 10_000_000_000L);
        p.finish();
        assertThat(p.await(Duration.ofSeconds(30))).isTrue();
        assertThat(written).containsExactly("PROCESS_SNAPSHOT 200", "OPENAT 200", "OPENAT 200");
        java.util.Map<String, Long> skipped = new java.util.HashMap<>();
        p.addSkipped(skipped);
        assertThat(skipped).containsEntry(
                "processes first seen by their own records, read from /proc then (no record of their fork was seen)", 1L);
    }
    /**
     * Review: the readiness check exists because the exec programs come alive one by one. A first check exec seen
     * only by its header (the names program not yet alive, so its cgroup never announced) must not use up the one
     * comparison of the sensor's own cgroup: the next check exec, printed whole, shows /proc's paths are from the root.
     */
    @Test
    void aCheckExecSeenInPartDoesNotUseUpTheOwnCgroupComparison(@TempDir Path proc) throws Exception {
        java.nio.file.Files.createDirectories(proc.resolve("self"));
        java.nio.file.Files.writeString(proc.resolve("self/cgroup"), "0::/system.slice/kestrel.service\n");
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(10_000_000_000L);
        RecordPipeline p = new RecordPipeline(options(EbpfOptions.DEFAULT_QUEUE_BYTES), new KernelLayout(-1, 0, "", "parent", true),
                null, selfChecks, new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> { }, proc);
        selfChecks.started(500);
        // attempt 0: only the header program ran (no G, F nor A lines): given up after 5 windows, out in part
        line(p, "E|1000000|500|500|1|0|0|0|0|0|5|77|0|0|0|0|0|sh");
        line(p, "T|" + 1_000_000_000L);
        long waitUntil = System.nanoTime() + 10_000_000_000L;
        while (selfChecks.hidden() == 0 && System.nanoTime() < waitUntil) {
            Thread.sleep(10);
        }
        assertThat(selfChecks.hidden()).as("the part-seen check exec was written (hidden)").isEqualTo(1);
        // attempt 1, a second later: every program runs; the cgroup is named now
        selfChecks.started(501);
        line(p, "G|77|0|kestrel.service");
        line(p, "G|77|1|system.slice");
        line(p, "G|77|2|");
        line(p, "E|1100000000|501|501|1|0|0|0|0|0|6|77|0|0|0|0|0|sh");
        line(p, "F|1100000000|501|1|0|0|0|0|/bin/sh");
        line(p, "A|501|0|sh\\x00-c\\x00");
        line(p, "T|" + 3_000_000_000L);
        p.finish();
        assertThat(p.await(Duration.ofSeconds(30))).isTrue();
        assertThat(p.cgroupPath(77)).isEqualTo("/system.slice/kestrel.service");
        assertThat(selfChecks.hidden()).isGreaterThanOrEqualTo(2);
        assertThat(p.procCgroupPathsFromRoot()).as("the complete check exec's cgroup equals /proc/self/cgroup's").isTrue();
    }
}
