package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting and stopping an {@link EbpfSource} from several threads, with a stand-in for bpftrace (a
 * script that, like {@code bpftrace -p PID}, runs until the keeper it follows ends): no root, no probes.
 */
class EbpfSourceLifecycleTest {

    @TempDir
    Path dir;

    private final List<BpftraceProcess> launched = new CopyOnWriteArrayList<>();
    private final List<EbpfSource> sources = new CopyOnWriteArrayList<>();
    private final CountDownLatch releaseSink = new CountDownLatch(1);

    @AfterEach
    void leaveNothingRunning() {
        releaseSink.countDown();
        sources.forEach(EbpfSource::stop);
        for (BpftraceProcess run : launched) {
            run.endKeeper();
            run.process().destroyForcibly();
        }
    }

    @Test
    void aSecondStartIsRefusedWhileTheFirstIsStillStarting() throws Exception {
        StandIn launch = new StandIn(false);
        launch.holdLaunch();
        EbpfSource source = source(launch);
        CompletableFuture<Void> first = startAsync(source, e -> { });
        launch.awaitLaunching();

        CompletableFuture<Void> second = startAsync(source, e -> { });
        Throwable refused = failure(second, 5);
        assertThat(refused).isInstanceOf(IllegalStateException.class)
                .hasMessage("this eBPF source was already started; an eBPF source starts once");

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(source::stop);
        launch.releaseLaunch();
        assertThat(failure(first, 20)).isInstanceOf(EventSourceException.class);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(launch.launches.get()).as("one bpftrace was launched").isEqualTo(1);
        assertThat(launched).allSatisfy(run -> assertThat(run.process().isAlive()).isFalse());
    }

    @Test
    void aStopWhileBpftraceIsBeingLaunchedEndsWhatTheStartLaunchedAndTheStartSaysSo() throws Exception {
        StandIn launch = new StandIn(true);
        launch.holdLaunch();
        EbpfSource source = source(launch);
        CompletableFuture<Void> start = startAsync(source, e -> { });
        launch.awaitLaunching();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(source::stop);
        Thread.sleep(200);  // the stop came before the launch returned
        launch.releaseLaunch();
        Throwable refused = failure(start, 8);
        assertThat(refused).isInstanceOf(EventSourceException.class).hasMessageContaining("stopped while it was starting");
        stopping.get(8, TimeUnit.SECONDS);
        assertThat(launched).hasSize(1);
        assertThat(launched.get(0).process().isAlive()).as("the stand-in for bpftrace was ended").isFalse();
        assertThat(source.failure()).isNull();
    }

    @Test
    void aStartAfterStopIsRefusedAndLaunchesNothing() throws Exception {
        StandIn launch = new StandIn(true);
        EbpfSource source = source(launch);
        source.stop();
        Throwable refused = failure(startAsync(source, e -> { }), 5);
        assertThat(refused).isInstanceOf(EventSourceException.class)
                .hasMessage("the eBPF source was stopped before it was started; create a new one to watch");
        assertThat(launch.launches.get()).isZero();
    }

    @Test
    void aStartAfterAFailedStartIsRefusedAsASecondStart() throws Exception {
        StandIn launch = new StandIn(true) {
            @Override
            public Optional<String> missingPrerequisite(String bpftrace) {
                return Optional.of("bpftrace is not installed.");
            }
        };
        EbpfSource source = source(launch);
        assertThat(failure(startAsync(source, e -> { }), 5)).isInstanceOf(EventSourceException.class)
                .hasMessage("bpftrace is not installed.");
        assertThat(failure(startAsync(source, e -> { }), 5)).isInstanceOf(IllegalStateException.class)
                .hasMessage("this eBPF source was already started; an eBPF source starts once");
        assertThat(launch.launches.get()).isZero();
    }

    @Test
    void aLaunchThatFailsLeavesNoScriptFileBehind() throws Exception {
        List<Path> scripts = new CopyOnWriteArrayList<>();
        StandIn launch = new StandIn(true) {
            @Override
            public BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env) throws IOException {
                scripts.add(Path.of(args.get(args.size() - 1)));
                throw new IOException("Cannot run program \"bpftrace\": error=2, No such file or directory");
            }
        };
        EbpfSource source = source(launch);
        assertThat(failure(startAsync(source, e -> { }), 10)).isInstanceOf(EventSourceException.class)
                .hasMessage("bpftrace could not be started: Cannot run program \"bpftrace\": error=2, No such file or directory");
        assertThat(scripts).hasSize(1);
        assertThat(scripts.get(0)).as("the program's temporary file").doesNotExist();
    }

    @Test
    void aFailureOfTheReadingThreadFailsTheStartAtOnceWithOneSentence() throws Exception {
        StandIn launch = new StandIn(true) {
            @Override
            public void bootstrap(RecordPipeline records) {
                throw new IllegalStateException("a bootstrap that breaks");
            }
        };
        EbpfSource source = source(launch);
        long before = System.nanoTime();
        Throwable failed = failure(startAsync(source, e -> { }), 15);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("not after the start timeout").isLessThan(Duration.ofSeconds(15));
        assertThat(failed).isInstanceOf(EventSourceException.class)
                .hasMessage("bpftrace failed to start: the eBPF sensor stopped reading bpftrace's output after an internal error"
                        + " (java.lang.IllegalStateException: a bootstrap that breaks; please report this)");
        assertThat(source.failure()).isEqualTo("the eBPF sensor stopped reading bpftrace's output after an internal error"
                + " (java.lang.IllegalStateException: a bootstrap that breaks; please report this)");
        assertThat(launched).allSatisfy(run -> assertThat(run.process().isAlive()).isFalse());
    }

    @Test
    void recordsStillQueuedWhenStoppingGivesUpWaitingAreCountedAsDroppedAndNotDeliveredLater() throws Exception {
        StandIn launch = new StandIn(true);
        EbpfSource source = source(launch);
        CountDownLatch holding = new CountDownLatch(1);
        AtomicLong delivered = new AtomicLong();
        List<EventType> afterStop = new CopyOnWriteArrayList<>();
        AtomicBoolean stopped = new AtomicBoolean();
        EventSink slow = e -> {
            delivered.incrementAndGet();
            if (stopped.get()) {
                afterStop.add(e.type());
            }
            holding.countDown();
            try {
                releaseSink.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> start = startAsync(source, slow);
        // The bootstrap's first record (the host's accounts) holds the writing thread; its processes queue up.
        assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
        long before = System.nanoTime();
        source.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(20));
        stopped.set(true);
        failure(start, 5);

        long dropped = source.counters().dropped();
        assertThat(dropped).as("the processes still queued").isPositive();
        assertThat(source.droppedAtStop()).isEqualTo(dropped);
        releaseSink.countDown();
        Thread.sleep(500);
        // Only the record in the writer's hands when stopping gave up (the accounts) goes on.
        assertThat(afterStop).allSatisfy(t -> assertThat(t).isIn(EventType.USER_METADATA, EventType.GROUP_METADATA));
    }

    private EbpfSource source(StandIn launch) throws IOException {
        Path bpftrace = Files.writeString(dir.resolve("bpftrace-stand-in"), "#!/bin/sh\n"
                + (launch.attaches ? "echo 'Attaching 2 probes...'\n" : "")
                + "while kill -0 \"$2\" 2>/dev/null; do sleep 0.05; done\n");
        Files.setPosixFilePermissions(bpftrace, PosixFilePermissions.fromString("rwx------"));
        EbpfOptions options = new EbpfOptions(bpftrace.toString(), null, List.of(), 10_000, Duration.ofSeconds(1), 4096,
                Duration.ofMillis(100), 1024, Duration.ofSeconds(30), null, 65_536, 64L << 20, null);
        EbpfSource source = new EbpfSource(options, null, false, launch, Duration.ofSeconds(1));
        sources.add(source);
        return source;
    }

    private static CompletableFuture<Void> startAsync(EbpfSource source, EventSink sink) {
        return CompletableFuture.runAsync(() -> {
            try {
                source.start(sink);
            } catch (EventSourceException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /** What {@code start} threw, waiting at most {@code seconds}. */
    private static Throwable failure(CompletableFuture<Void> start, int seconds) throws InterruptedException {
        try {
            start.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the start neither returned nor threw within " + seconds + " s");
        }
        throw new AssertionError("the start returned");
    }

    /** Starts the stand-in, optionally held until released; every prerequisite is there. */
    private class StandIn implements BpftraceLaunch {
        final boolean attaches;
        final AtomicInteger launches = new AtomicInteger();
        private final CountDownLatch launching = new CountDownLatch(1);
        private CountDownLatch hold = new CountDownLatch(0);

        StandIn(boolean attaches) {
            this.attaches = attaches;
        }

        void holdLaunch() {
            hold = new CountDownLatch(1);
        }

        void releaseLaunch() {
            hold.countDown();
        }

        void awaitLaunching() throws InterruptedException {
            assertThat(launching.await(10, TimeUnit.SECONDS)).as("the start reached the launch").isTrue();
        }

        @Override
        public Optional<String> missingPrerequisite(String bpftrace) {
            return Optional.empty();
        }

        @Override
        public BpftraceProcess start(String bpftrace, List<String> args, Map<String, String> env) throws IOException {
            launches.incrementAndGet();
            launching.countDown();
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            BpftraceProcess run = BpftraceProcess.start(bpftrace, args, env);
            launched.add(run);
            return run;
        }

        @Override
        public void bootstrap(RecordPipeline records) {
            records.bootstrap();
        }
    }
}
