package dev.kestrel.sensor.strace;

import dev.kestrel.core.spi.BoundedHandoff;
import dev.kestrel.core.spi.HeapBytes;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.SourceCounters;
import dev.kestrel.core.text.BoundedLines;
import dev.kestrel.sensor.proc.HostAccounts;
import dev.kestrel.sensor.proc.ProcScanner;
import dev.kestrel.sensor.proc.SocketInodes;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sensor: runs strace (see {@link StraceInvocation} for the options), reads its output
 * through a named pipe on a reader thread, parses it into records, and hands them through a bounded
 * queue to a second thread that turns them into events for the sink. The traced command keeps the
 * terminal: its standard input, output and error are the JVM's.
 *
 * <p>Threads: "kestrel-strace-reader" reads and parses; "kestrel-strace-events" translates and
 * calls the sink. When the sink falls behind by more than the queue (65,536 records or 64 MiB of
 * them, estimated by {@link #recordBytes}), records are dropped and counted ({@link SourceCounters#dropped()}).
 */
public final class StraceSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(StraceSource.class);

    /** The default byte budget of the queue between the reader and the sink: 64 MiB of records. */
    static final long DEFAULT_QUEUE_BYTES = 64L << 20;

    /** The longest strace output line read, in bytes; a longer one is counted and passed over without being held. */
    static final int MAX_LINE_BYTES = 16 << 20;

    private final StraceInvocation invocation;
    private final RecordTranslator translator;
    private final int queueCapacity;
    private final long queueBytes;
    private final Duration maxQueueWait;
    private final LongAdder events = new LongAdder();
    private final CountDownLatch readerDone = new CountDownLatch(1);
    private final List<String> straceMessages = Collections.synchronizedList(new ArrayList<>());
    private volatile StraceOutputParser parser;
    private volatile BoundedHandoff<StraceRecord> handoff;
    private volatile Process process;
    private volatile Path fifoDir;
    private volatile boolean readerOpened;
    private volatile Thread messageReader;
    private volatile ProcessHandle traced;

    StraceSource(StraceInvocation invocation, RecordTranslator translator, int queueCapacity, Duration maxQueueWait) {
        this(invocation, translator, queueCapacity, DEFAULT_QUEUE_BYTES, maxQueueWait);
    }

    StraceSource(StraceInvocation invocation, RecordTranslator translator, int queueCapacity, long queueBytes,
                 Duration maxQueueWait) {
        this.invocation = invocation;
        this.translator = translator;
        this.queueCapacity = queueCapacity;
        this.queueBytes = queueBytes;
        this.maxQueueWait = maxQueueWait;
    }

    /**
     * A record's estimated size in bytes, for the queue's byte budget: its object and fields, and its
     * strings as {@link HeapBytes} estimates them.
     */
    static long recordBytes(StraceRecord r) {
        if (r instanceof SyscallRecord s) {
            return 80 + HeapBytes.string(s.name()) + HeapBytes.string(s.errno()) + HeapBytes.string(s.resultAnnotation())
                    + HeapBytes.strings(s.args());
        }
        if (r instanceof SignalRecord s) {
            return 40 + HeapBytes.string(s.signal()) + HeapBytes.string(s.details());
        }
        if (r instanceof ExitRecord e) {
            return 48 + HeapBytes.string(e.signal());
        }
        return 64;
    }

    /** A source for {@code invocation} with the default queue (65,536 records or 64 MiB, 1 s of waiting before a drop). */
    public static StraceSource of(StraceInvocation invocation) {
        EventTranslator translator = new EventTranslator(ProcScanner.system(), new HostAccounts(Path.of("/")), new KestrelEvents(),
                new SyscallMapper(new SocketInodes(Path.of("/proc")), true));
        return new StraceSource(invocation, translator, 65_536, Duration.ofSeconds(1));
    }

    @Override
    public String name() {
        return StraceSourceProvider.NAME;
    }

    @Override
    public void start(EventSink sink) throws EventSourceException {
        if (process != null) {
            throw new IllegalStateException("this strace source was already started");
        }
        if (!invocation.attaching()) {
            String problem = StracePreflight.check(invocation.executable()).orElse(null);
            if (problem != null) {
                throw new EventSourceException(problem);
            }
        }
        Path fifo;
        try {
            fifoDir = Files.createTempDirectory("kestrel-strace-");
            fifo = fifoDir.resolve("trace");
            Process mk = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
            if (!mk.waitFor(10, TimeUnit.SECONDS) || mk.exitValue() != 0) {
                throw new EventSourceException("could not create a named pipe for strace's output with mkfifo in " + fifoDir);
            }
        } catch (IOException e) {
            throw new EventSourceException("could not create a named pipe for strace's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventSourceException("interrupted while starting strace", e);
        }
        BoundedHandoff<StraceRecord> h = new BoundedHandoff<>(queueCapacity, queueBytes, StraceSource::recordBytes, maxQueueWait, r -> {
            translator.translate(r, e -> {
                sink.accept(e);
                events.increment();
            });
        }, "kestrel-strace-events");
        handoff = h;
        parser = new StraceOutputParser(-1, h::offer);
        ProcessBuilder pb = new ProcessBuilder(invocation.argv(fifo));
        if (invocation.attaching()) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            pb.inheritIO();
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            h.end();
            deleteFifo();
            throw new EventSourceException(StracePreflight.explain("", invocation.executable())
                    + " (" + e.getMessage() + ")", e);
        }
        translator.begin(process.pid(), sink);
        Thread reader = new Thread(() -> read(fifo), "kestrel-strace-reader");
        reader.setDaemon(true);
        reader.start();
        if (invocation.attaching()) {
            Thread messages = new Thread(this::collectMessages, "kestrel-strace-messages");
            messages.setDaemon(true);
            messages.start();
            messageReader = messages;
        }
        process.onExit().thenRun(this::unblockReader);
        if (!invocation.attaching()) {
            Thread finder = new Thread(this::findTracedCommand, "kestrel-strace-child");
            finder.setDaemon(true);
            finder.start();
        }
    }

    /** Remembers the command strace started (its first child), so it can be stopped even if strace dies. */
    private void findTracedCommand() {
        Process p = process;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (traced == null && p.isAlive() && System.nanoTime() < deadline) {
            p.children().findFirst().ifPresent(c -> traced = c);
            if (traced == null) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** The command strace started (command mode), once known; empty when attaching or not yet known. */
    public Optional<ProcessHandle> tracedCommand() {
        return Optional.ofNullable(traced);
    }

    /**
     * When strace ended while the command it traced was still running (strace was killed), a
     * sentence saying so with strace's exit status and the command's pid; else empty. Meaningful once
     * {@link #await} returned true.
     */
    public Optional<String> straceDied() {
        Process p = process;
        ProcessHandle t = traced;
        if (p == null || p.isAlive() || invocation.attaching() || t == null || !t.isAlive()) {
            return Optional.empty();
        }
        int status = p.exitValue();
        String how = status > 128 ? "killed by signal " + (status - 128) : "exit status " + status;
        String cmd = t.info().command().map(c -> " (" + c + ")").orElse("");
        return Optional.of("strace ended (" + how + ") while the traced command, pid " + t.pid() + cmd
                + ", was still running: tracing stopped, so Kestrel stops the command");
    }

    private void read(Path fifo) {
        try (InputStream in = Files.newInputStream(fifo)) {
            readerOpened = true;
            // strace cuts each string at -s 4096, but an exec's many arguments, escaped, can make a long line
            BoundedLines lines = new BoundedLines(in, MAX_LINE_BYTES);
            for (BoundedLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.tooLong()) {
                    parser.lineTooLong(MAX_LINE_BYTES);
                } else {
                    parser.accept(line.text());
                }
            }
        } catch (IOException e) {
            LOG.warn("reading strace's output failed: {}", e.toString());
        } finally {
            readerOpened = true;
            parser.finish();
            handoff.end();
            deleteFifo();
            readerDone.countDown();
        }
    }

    /** When strace ends without ever opening the pipe, opening it for writing releases the reader. */
    private void unblockReader() {
        if (readerOpened || fifoDir == null) {
            return;
        }
        Path fifo = fifoDir.resolve("trace");
        if (Files.exists(fifo)) {
            try (OutputStream ignored = Files.newOutputStream(fifo)) {
                LOG.debug("strace ended before opening its output pipe");
            } catch (IOException e) {
                LOG.debug("could not release the strace reader: {}", e.toString());
            }
        }
    }

    private void collectMessages() {
        try (InputStream in = process.getErrorStream();
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                straceMessages.add(line);
                LOG.debug("strace: {}", line);
            }
        } catch (IOException e) {
            LOG.debug("reading strace's messages failed: {}", e.toString());
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        Process p = process;
        if (p == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (!readerDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            return false;
        }
        Thread messages = messageReader;
        if (messages != null) {
            messages.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (messages.isAlive()) {
                return false;
            }
        }
        return handoff.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * The traced command's exit status as strace passes it through (128 + N when a signal N killed
     * it), or -1 while it runs.
     */
    public int exitStatus() {
        Process p = process;
        return p == null || p.isAlive() ? -1 : p.exitValue();
    }

    /**
     * When attaching failed, the sentence that says why (e.g. ptrace is not permitted); else null.
     * Meaningful once the source ended.
     */
    public String attachProblem() {
        List<String> copy;
        synchronized (straceMessages) {
            copy = List.copyOf(straceMessages);
        }
        Process p = process;
        boolean failed = p != null && !p.isAlive() && p.exitValue() != 0;
        for (String m : copy) {
            if (m.contains("Operation not permitted") || (failed && m.startsWith("strace:"))) {
                return StracePreflight.explain(String.join("\n", copy), invocation.executable());
            }
        }
        return null;
    }

    @Override
    public SourceCounters counters() {
        StraceOutputParser p = parser;
        BoundedHandoff<StraceRecord> h = handoff;
        Map<String, Long> skipped = new HashMap<>(translator.skipped());
        if (h != null && h.consumerErrors() > 0) {
            skipped.put("translation error", h.consumerErrors());
        }
        return new SourceCounters(events.sum(), h == null ? 0 : h.dropped(), p == null ? Map.of() : p.unparsed(), skipped);
    }

    /**
     * Stops tracing: strace detaches from the traced processes; in command mode the command strace
     * started and all its descendants are ended too (SIGTERM, then SIGKILL after two seconds), even if
     * strace itself is already gone. The named pipe and its folder are removed.
     */
    @Override
    public void stop() {
        Process p = process;
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle t = traced;
        if (t == null && p != null && !invocation.attaching()) {
            t = p.children().findFirst().orElse(null);
        }
        if (t != null && !invocation.attaching()) {
            tree.add(t);
            t.descendants().forEach(tree::add);
            tree.forEach(ProcessHandle::destroy);
            try {
                if (p != null) {
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        BoundedHandoff<StraceRecord> h = handoff;
        if (h != null) {
            try {
                readerDone.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            h.end();
        }
        endTree(tree);
        deleteFifo();
    }

    private static void endTree(List<ProcessHandle> tree) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (ProcessHandle h : tree) {
            while (h.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (h.isAlive()) {
                h.destroyForcibly();
            }
        }
    }

    private void deleteFifo() {
        Path dir = fifoDir;
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("trace"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}
