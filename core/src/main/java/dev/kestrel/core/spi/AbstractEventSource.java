package dev.kestrel.core.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle every {@link EventSource} shares (its reading thread, stop, await and counters), so a
 * sensor is its reading loop only: {@link #open} checks and opens the input, {@link #read} turns it
 * into events until it ends or {@link #stopping()} turns true, and {@link #release} frees it.
 *
 * <p>Thread safety: {@code start} and {@code stop} may be called from any thread; {@code read} runs on
 * the source's own thread. A failure inside {@code read} ends the stream, is counted as unparsed
 * input with its message and logged (with the stack trace at debug level); it never reaches the host.
 * A source that needs a queue between its reader and the sink puts a {@link BoundedHandoff} there.
 */
public abstract class AbstractEventSource implements EventSource {

    /** How many different reasons each of the unparsed and skipped counts keeps. */
    public static final int MAX_REASONS = 256;

    /** The longest reason kept, in characters; a longer one is cut and marked. */
    public static final int MAX_REASON_CHARS = 1_000;

    /** The reason input is counted under once {@link #MAX_REASONS} different ones were counted. */
    public static final String OTHER_REASONS = "other reasons (more than " + MAX_REASONS + " different ones)";

    private static final Logger LOG = LoggerFactory.getLogger(AbstractEventSource.class);

    private final String name;
    private final LongAdder events = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<String, LongAdder> unparsed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean stopping;

    /** A source called {@code name}, as its provider's {@link EventSourceProvider#name()}. */
    protected AbstractEventSource(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * Checks prerequisites and opens the input, on the caller's thread, before the reading thread
     * starts. Default: nothing.
     *
     * @throws EventSourceException with one sentence the user can act on
     */
    protected void open() throws EventSourceException {
    }

    /**
     * Reads the input into {@code sink} until it ends or {@link #stopping()} is true, counting what it
     * delivers ({@link #delivered}) and what it cannot use ({@link #unparsed}, {@link #skipped}).
     */
    protected abstract void read(EventSink sink) throws Exception;

    /** Called by {@link #stop()} to unblock a {@link #read} that waits on its input. Default: nothing. */
    protected void interrupt() {
    }

    /** Releases the input once {@link #read} returned, on the reading thread. Default: nothing. */
    protected void release() {
    }

    /** Opens a file for {@link #open}: {@code Files::newInputStream} or a reader's own factory. */
    @FunctionalInterface
    protected interface FileOpener<T> {
        /** Opens {@code file}; throws what opening it threw. */
        T open(Path file) throws IOException;
    }

    /**
     * Opens {@code file} with {@code opener} for {@link #open}, turning a failure into the sentence a
     * user reads: "no such {@code what}: FILE" or "cannot read {@code what} FILE: reason".
     *
     * @param what what the file is, e.g. {@code events file}
     * @throws EventSourceException when the file cannot be opened
     */
    protected static <T> T openFile(Path file, String what, FileOpener<T> opener) throws EventSourceException {
        try {
            return opener.open(file);
        } catch (NoSuchFileException e) {
            throw new EventSourceException("no such " + what + ": " + file);
        } catch (IOException e) {
            throw new EventSourceException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes {@code input} for {@link #release}; a failure is counted as unparsed input ("close error"). */
    protected final void closeCounted(Closeable input) {
        try {
            input.close();
        } catch (IOException e) {
            unparsed("close error: " + e.getMessage());
        }
    }

    /** True once {@link #stop()} was called: {@link #read} should return soon. */
    protected final boolean stopping() {
        return stopping;
    }

    /** Counts one event handed to the sink. */
    protected final void delivered() {
        events.increment();
    }

    /** Counts one event (or record) dropped because evaluation did not keep up. */
    protected final void dropped(long count) {
        dropped.add(count);
    }

    /**
     * Counts one piece of input that could not be understood, by {@code reason}. Reasons may quote the input:
     * past {@value #MAX_REASONS} different ones, or {@value #MAX_REASON_CHARS} characters, see {@link #OTHER_REASONS}.
     */
    protected final void unparsed(String reason) {
        count(unparsed, reason);
    }

    /** Counts one piece of input deliberately not turned into an event, by {@code reason}, bounded as {@link #unparsed}. */
    protected final void skipped(String reason) {
        count(skipped, reason);
    }

    private static void count(Map<String, LongAdder> counts, String reason) {
        String key = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) + "...(cut)" : reason;
        LongAdder n = counts.get(key);
        if (n == null) {
            // every key is one the input may have chosen: the map stays bounded whatever arrives
            n = counts.computeIfAbsent(counts.size() < MAX_REASONS ? key : OTHER_REASONS, k -> new LongAdder());
        }
        n.increment();
    }

    @Override
    public final void start(EventSink sink) throws EventSourceException {
        Objects.requireNonNull(sink, "sink");
        if (thread != null) {
            throw new IllegalStateException("the " + name + " source was already started");
        }
        open();
        Thread t = new Thread(() -> run(sink), "kestrel-" + name + "-source");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run(EventSink sink) {
        try {
            read(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            unparsed("read error: " + e.getMessage());
            LOG.warn("the {} source stopped reading: {}", name, e.toString());
            LOG.debug("the {} source stopped reading", name, e);
        } finally {
            try {
                release();
            } catch (RuntimeException e) {
                LOG.debug("releasing the {} source failed", name, e);
            }
            done.countDown();
        }
    }

    @Override
    public final boolean await(Duration timeout) throws InterruptedException {
        return thread == null || done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public SourceCounters counters() {
        return new SourceCounters(events.sum(), dropped.sum(), snapshot(unparsed), snapshot(skipped));
    }

    /** Asks {@link #read} to end and waits up to five seconds for it. */
    @Override
    public void stop() {
        stopping = true;
        interrupt();
        try {
            await(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
