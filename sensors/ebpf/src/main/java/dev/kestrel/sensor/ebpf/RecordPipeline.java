package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.spi.BoundedHandoff;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.HostAccounts;
import dev.kestrel.sensor.proc.FdScanLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way from bpftrace's printed lines to the sink: {@link RecordAssembler} puts records together,
 * {@link ReorderBuffer} puts them in kernel-time order, a {@link BoundedHandoff} (which counts what it
 * has no room for) takes them to the writing thread, and {@link EventWriter} turns them into events.
 * The reading thread calls {@link #line}, {@link #bootstrap} and {@link #finish}; the counters may be
 * read from any thread.
 */
final class RecordPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(RecordPipeline.class);

    /** How many reorder windows a record waits for its missing parts before it goes out incomplete. */
    static final int PARTS_WAIT_WINDOWS = 5;

    /** Live cgroups whose names the reader keeps, and the bytes of their names (the program prints up to 10 of 199 bytes each). */
    static final int MAX_CGROUPS = 65_536;
    static final long MAX_CGROUP_BYTES = 32L << 20;
    /** Exe files whose walked paths the reader keeps (each kept three 30 s periods after its last walk), and their bytes. */
    static final int MAX_EXE_PATHS = 16_384;
    static final long MAX_EXE_PATH_BYTES = 8L << 20;
    /** New container threads whose namespace ids wait for their fork's report (a few reorder windows' worth; 112 bytes each). */
    static final int MAX_NAMESPACE_IDS = 65_536;

    private final Path proc;
    private final String cgroupController;
    /** Whether a record held a whole path from the root, and whether /proc's paths are from it (one per sensor). */
    private final RecordsFromRoot fromRoot = new RecordsFromRoot();
    /** Whether the sensor's own cgroup was compared, as the program printed it and as /proc shows it (writing thread). */
    private boolean ownCgroupSeen;
    private final OciRuntimeMetadata metadata;
    /** Containers by their cgroup paths as far as what {@link #metadata} already holds tells (the writer counts refusals). */
    private final ContainerIdentity knownIdentity;
    private final CgroupNames cgroups;
    private final ExePaths exePaths;
    private final NamespaceIds namespaceIds;
    private final long namespaceIdsMaxAge;
    private final SelfCheckProcesses selfChecks;
    private final ReadinessCheck readiness;
    private final EventWriter writer;
    private final BoundedHandoff<SensorRecord> handoff;
    private final ReorderBuffer reorder;
    private final RecordAssembler assembler;
    private final LongAdder events = new LongAdder();
    private final LongAdder untrustedInvocations = new LongAdder();
    private final LongAdder earlyReadErrors = new LongAdder();
    private final LongAdder unplacedInvocations = new LongAdder();
    private final AtomicLong released = new AtomicLong();
    private final AttachGap gap = new AttachGap();
    private final UnseenProcesses unseen;
    private final FdScanLimits bootstrapFds;
    private final int bootstrapArgBytes;
    private volatile Map<String, Long> bootstrapSkipped = Map.of();
    private long written;
    /** Removed cgroups whose record the handoff dropped: {id, records handed off before it}. */
    private final ConcurrentLinkedQueue<long[]> lateForgets = new ConcurrentLinkedQueue<>();
    private volatile long writerCpuNanos;

    /**
     * A pipeline delivering into {@code sink}; {@code readiness} is told of every record until it
     * passes, and {@code selfChecks} hides the records of the readiness check's own processes.
     */
    RecordPipeline(EbpfOptions options, KernelLayout layout, OciRuntimeMetadata metadata, SelfCheckProcesses selfChecks,
                   ReadinessCheck readiness, EventSink sink) {
        this(options, layout, metadata, selfChecks, readiness, sink, Path.of("/proc"));
    }

    /** As above, reading processes from the tree under {@code proc} (tests). */
    RecordPipeline(EbpfOptions options, KernelLayout layout, OciRuntimeMetadata metadata, SelfCheckProcesses selfChecks,
                   ReadinessCheck readiness, EventSink sink, Path proc) {
        this.proc = proc;
        this.metadata = metadata;
        this.cgroupController = layout.cgroupController();
        this.knownIdentity = new ContainerIdentity(layout.cgroupController(),
                c -> metadata == null ? Optional.empty() : metadata.known(c.id()), note -> { }, fromRoot);
        this.cgroups = new CgroupNames(MAX_CGROUPS, MAX_CGROUP_BYTES);
        this.exePaths = new ExePaths(MAX_EXE_PATHS, MAX_EXE_PATH_BYTES);
        this.namespaceIds = new NamespaceIds(MAX_NAMESPACE_IDS);
        this.namespaceIdsMaxAge = options.reorderWindow().toNanos() * PARTS_WAIT_WINDOWS;
        this.selfChecks = selfChecks;
        this.readiness = readiness;
        this.bootstrapFds = options.bootstrapFds();
        this.bootstrapArgBytes = options.maxArgBytes();
        long epochOffset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        unseen = UnseenProcesses.fromProc(proc, bootstrapFds, bootstrapArgBytes);
        writer = new EventWriter(epochOffset, cgroups, layout.cgroupController(), metadata, proc, Ticker.systemTicker(),
                LocalAddresses.ofHost(), fromRoot);
        EventSink delivering = e -> deliver(sink, e);
        handoff = new BoundedHandoff<>(options.queueCapacity(), options.queueBytes(), SensorRecord::bytes, options.maxQueueWait(), r -> {
            if (!selfChecks.hides(r)) {
                SensorRecord.Snapshot unseenBefore = unseen.before(r);
                if (unseenBefore != null) {
                    writer.writeFirstSeen(unseenBefore, r, delivering);
                } else {
                    writer.write(r, delivering);
                }
            } else if (r instanceof SensorRecord.Exec e && !ownCgroupSeen) {
                ownCgroupSeen(e);
            }
            // The thread's CPU clock is a system call: read it every 256 records, not per record.
            if ((++written & 255) == 0) {
                writerCpuNanos = threadCpu();
            }
            forgetLateCgroups();
        }, "kestrel-ebpf-events");
        reorder = new ReorderBuffer(options.reorderWindow().toNanos(), options.queueCapacity(), options.queueBytes(),
                this::handOff);
        assembler = new RecordAssembler(this::assembled, cgroups, exePaths, namespaceIds, options.maxArgBytes(),
                options.reorderWindow().toNanos() * PARTS_WAIT_WINDOWS);
    }

    /** Reads one printed line (the printf text in {@code bytes[from, to)}); a heartbeat releases what is old enough. */
    void line(byte[] bytes, int from, int to) {
        assembler.accept(bytes, from, to);
        if (bytes[from] == 'T') {
            long now = assembler.heartbeat();
            reorder.advance(now);
            // a report older than this was for a fork the reorder buffer released already, or for none
            namespaceIds.expire(now - namespaceIdsMaxAge);
        }
    }

    /**
     * The host's accounts and running processes with their open fds, ahead of every event: they go
     * straight to the writing thread, before anything the reorder buffer holds (each process's fds
     * travel in its record, so they are written right after it).
     */
    void bootstrap() {
        Path root = Path.of("/");
        HostAccounts accounts = new HostAccounts(root);
        handOff(new SensorRecord.Accounts(accounts.users(), accounts.groups(), root));
        ProcBootstrap running = new ProcBootstrap(proc, bootstrapFds, bootstrapArgBytes);
        running.snapshots().forEach(this::handOff);
        bootstrapSkipped = running.skipped();
        gap.bootstrapped(running.snapshots());
    }

    /**
     * The probes are live: the processes born while they were being attached, which no record named, are
     * read from /proc now and delivered ahead of what the reorder buffer holds ({@link AttachGap}).
     */
    private void secondBootstrap() {
        ProcBootstrap running = new ProcBootstrap(proc, bootstrapFds, bootstrapArgBytes, gap::unnamed);
        gap.close(running.snapshots()).forEach(this::handOff);
        Map<String, Long> both = new TreeMap<>(bootstrapSkipped);
        running.skipped().forEach((reason, n) -> both.merge(reason, n, Long::sum));
        bootstrapSkipped = both;
    }

    /**
     * On the writing thread: an exec of the sensor's own check process, which is in the sensor's cgroup. That cgroup
     * as the program printed it (whole, from the true root) and as /proc shows it tells whether /proc's paths are
     * from the true root (the sensor shares the host's cgroup namespace).
     */
    private void ownCgroupSeen(SensorRecord.Exec e) {
        String printed = cgroups.complete(e.cgroup()) ? cgroups.path(e.cgroup()) : null;
        if (printed == null) {
            return;  // an exec seen in part (the names not printed yet): the next check exec is compared
        }
        ownCgroupSeen = true;
        List<String> lines = CgroupContainerId.readLines(proc.resolve("self").resolve("cgroup"));
        String own = lines == null ? null : CgroupContainerId.pathIn(lines, cgroupController);
        fromRoot.procPathsSeen(printed, own);
    }

    private void handOff(SensorRecord record) {
        SensorRecord r = namespaceIds.named(exePaths.named(record));
        if (handoff.offer(r)) {
            released.incrementAndGet();
        } else if (r instanceof SensorRecord.CgroupGone g) {
            // The kernel forgot the cgroup already and will not say so again: the writer forgets it once it
            // has written every record handed off before this one (their processes still need its path).
            lateForgets.add(new long[] {g.id(), released.get()});
        }
    }

    /** On the writing thread: forgets the removed cgroups whose records were dropped, once their turn came. */
    private void forgetLateCgroups() {
        long[] f;
        while ((f = lateForgets.peek()) != null && written >= f[1]) {
            cgroups.forget(f[0]);
            lateForgets.poll();
        }
    }

    /** The output ended: releases what waits for parts or for its turn, and ends the handoff once it is drained. */
    void finish() {
        assembler.finish();
        reorder.flush();
        namespaceIds.finish();
        handoff.end();
    }

    /** Ends the handoff (what it holds is still written). */
    void end() {
        handoff.end();
    }

    /**
     * Gives up what still waits to be written, for a stop that waited long enough: counted as dropped
     * ({@link #droppedAtStop()}), as is what is handed off from now on; returns how many records.
     */
    long abandon() {
        return handoff.abandon();
    }

    /** Waits up to {@code timeout} until everything handed off was written; whether it was. */
    boolean await(Duration timeout) throws InterruptedException {
        return handoff.await(timeout);
    }

    /** Whether every record released so far went through the writing thread. */
    boolean caughtUp() {
        return released.get() <= handoff.delivered() + handoff.consumerErrors();
    }

    /** The kernel time of the last heartbeat, or 0. */
    long heartbeat() {
        return assembler.heartbeat();
    }

    /**
     * From kernel time {@code kernelTime} on, records seen in part count as seen while the probes were detached,
     * and a process first seen by its own record is not read from /proc.
     */
    void detachingFrom(long kernelTime) {
        assembler.detachingFrom(kernelTime);
        unseen.detachingFrom(kernelTime);
    }

    /** Records lost in the kernel: a CPU's queue was full, or a call's saved registers were not found. */
    long lostInKernel() {
        return assembler.queueLost() + assembler.registersNotFound();
    }

    /** Calls not printed because their saved registers were not found. */
    long registersNotFound() {
        return assembler.registersNotFound();
    }

    /** Whether the program's last line was read. */
    boolean ended() {
        return assembler.ended();
    }

    /** Events written into the sink. */
    long events() {
        return events.sum();
    }

    /**
     * From now on a record the queue to evaluation has no room for is dropped at once (counted): while
     * stopping, bpftrace ends only after its output was read, and waiting per record could outlast its stop.
     */
    void stopWaiting() {
        handoff.stopWaiting();
    }

    /** Records the handoff had no room for. */
    long dropped() {
        return handoff.dropped();
    }

    /** Of {@link #dropped()}, the records given up because the sensor stopped before they were written. */
    long droppedAtStop() {
        return handoff.droppedAtEnd();
    }

    /** Of {@link #dropped()}, the records the handoff's byte budget had no room for. */
    long droppedOverBytes() {
        return handoff.droppedOverBytes();
    }

    /** Lines not understood, by reason. */
    Map<String, Long> unparsed() {
        return assembler.unparsed();
    }

    /** CPU time of the writing thread, as last read. */
    long writerCpuNanos() {
        return writerCpuNanos;
    }

    /** Whether the sensor's own check process showed that /proc's cgroup paths are from the true root. */
    boolean procCgroupPathsFromRoot() {
        return fromRoot.procFromRoot();
    }

    /** The path the program announced for cgroup {@code id}, or null (never announced, or removed since). */
    String cgroupPath(long id) {
        return cgroups.path(id);
    }

    /** Adds to {@code skipped} what this pipeline counted but did not deliver, by reason (zeros left out). */
    void addSkipped(Map<String, Long> skipped) {
        skipped.putAll(writer.notes());
        skipped.putAll(bootstrapSkipped);
        unseen.skipped().forEach((reason, n) -> skipped.merge(reason, n, Long::sum));
        put(skipped, EbpfSource.QUEUE_LOST, assembler.queueLost());
        put(skipped, EbpfSource.REGISTERS_NOT_FOUND, assembler.registersNotFound());
        put(skipped, EbpfSource.ENTRIES_MISSING, assembler.entriesMissing());
        put(skipped, "execs seen in part while the probes were being attached", assembler.seenWhileAttaching());
        put(skipped, EbpfSource.SEEN_WHILE_DETACHING, assembler.seenWhileDetaching());
        put(skipped, EbpfSource.SELF_CHECK_RECORDS, selfChecks.hidden());
        put(skipped, EbpfSource.OPENS_LEFT_IN_KERNEL, assembler.opensLeftInKernel());
        put(skipped, EbpfSource.SENDS_LEFT_IN_KERNEL, assembler.sendsLeftInKernel());
        put(skipped, "event writing error", handoff.consumerErrors());
        put(skipped, "released before the reorder window passed (the reorder buffer was full)", reorder.releasedEarly());
        put(skipped, "container runtime invocations ignored (not run by root on the host)", untrustedInvocations.sum());
        put(skipped, "execs whose container metadata could not be read early (read when the exec is written)", earlyReadErrors.sum());
        put(skipped, "container runtime invocations ignored (their cgroup was not named, so not known to be the host's)",
                unplacedInvocations.sum());
        put(skipped, "cgroups not named: " + MAX_CGROUPS + " live ones or " + (MAX_CGROUP_BYTES >> 20)
                + " MiB of names already were (their processes' paths read from /proc)",
                cgroups.refused());
        put(skipped, "cgroup names cut at " + (BpftraceScript.STRING_BYTES - 1) + " bytes (their cgroups' paths end below them,"
                + " and are read from /proc while the process lives)", cgroups.cutNames());
        put(skipped, "exe paths not kept: " + MAX_EXE_PATHS + " or " + (MAX_EXE_PATH_BYTES >> 20)
                + " MiB of them already were (their execs' proc.exepath is the exec'd name)", exePaths.refused());
        put(skipped, "exe paths not made: more than " + (ExePaths.WALKED_LEVELS - 1) + " names and mount points, a name cut"
                + " or lost, a file with no name, or two walks of one file at once (their execs' proc.exepath is the exec'd name)",
                exePaths.unusable());
        put(skipped, "namespace ids of new container threads no fork report took (the child first ran after its fork went"
                + " out, or the fork was lost; their proc.vpid is the host pid until they exec)", namespaceIds.unused());
        put(skipped, "exe path walks left unfinished (their end line lost, or walked again before it came)", exePaths.abandoned());
        put(skipped, "exe paths not walked: struct mount is not laid out as the program expects (proc.exepath is the exec'd name)",
                exePaths.layoutUnexpected());
        put(skipped, "execs named by the exec'd name: their program's walked path was not known", exePaths.unnamed());
        if (gap.givenUp()) {
            put(skipped, "second /proc read given up (" + AttachGap.MAX_NAMED + " processes were born while the probes were attached)", 1);
        }
        if (metadata != null) {
            metadata.addSkipped(skipped);
        }
    }

    /** Puts {@code count} under {@code reason} when it is not zero (counters list only what happened). */
    static void put(Map<String, Long> skipped, String reason, long count) {
        if (count > 0) {
            skipped.put(reason, count);
        }
    }

    /** A record is complete: noted for the readiness check and the container metadata, then ordered. */
    private void assembled(SensorRecord r) {
        gap.note(r);
        if (!readiness.passed() && readiness.note(r)) {
            assembler.attachedAt(r.ts());
            if (gap.open()) {
                secondBootstrap();
            }
        }
        if (r instanceof SensorRecord.Exec e && metadata != null) {
            try {
                readMetadataEarly(e);
            } catch (RuntimeException ex) {
                // only the early read is lost: the record goes on, and its container is read when it is written
                earlyReadErrors.increment();
                LOG.debug("early container metadata read failed for exec of tid {}", e.tid(), ex);
            }
        }
        reorder.add(r);
    }

    /** For an exec: a runtime told to create a container, and the state of the exec's container, read before the record is written. */
    private void readMetadataEarly(SensorRecord.Exec e) {
        String path = cgroups.path(e.cgroup());
        boolean complete = path != null && cgroups.complete(e.cgroup());
        // checked against what is known of the containers already: this thread reads no state
        CgroupContainerId.ContainerRef ref = path == null ? null : complete ? knownIdentity.of(path) : knownIdentity.ofCut(path);
        if (ref != null && ref.host() && !complete) {
            ref = null;  // cut at the printed names, it may have left out the container above them: not known to be the host's
        }
        if (RuntimeInvocation.runtimeCommand(e.comm())) {
            runtimeInvocation(e, ref);
        }
        // Read the runtime's state now: a short-lived container may be gone when the record is evaluated.
        if (ref != null && !ref.host() && ref.fullId() != null) {
            metadata.watch(ref.fullId(), ref.runtime());
        }
    }

    /**
     * A runtime told to create a container: its bundle is read early, if root on the host ran it
     * ({@code where}, null when its cgroup is unknown); anyone else's is counted and ignored.
     */
    private void runtimeInvocation(SensorRecord.Exec e, CgroupContainerId.ContainerRef where) {
        RuntimeInvocation.of(e.argv()).ifPresent(run -> {
            if (RuntimeInvocation.trusted(e.uid(), e.euid(), where)) {
                metadata.bundle(run.id(), run.bundle());
            } else if (where == null) {
                unplacedInvocations.increment();
            } else {
                untrustedInvocations.increment();
            }
        });
    }

    private void deliver(EventSink sink, Event e) {
        sink.accept(e);
        events.increment();
    }

    /** The calling thread's CPU time in nanoseconds, or 0 where the JVM cannot tell. */
    static long threadCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
    }
}
