package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.SourceCounters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A recorded event stream in Kestrel's JSON Lines format, read on its own thread. Malformed lines are
 * counted by reason; field-value test lines ({@code {"fields": ...}}) are not system events and are
 * counted as skipped (replay them with {@code kestrel replay}).
 */
public final class JsonLinesSource implements EventSource {

    private final Path file;
    private final LongAdder events = new LongAdder();
    private final Map<String, LongAdder> unparsed = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean stopping;

    /** A source reading {@code file}. */
    public JsonLinesSource(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return JsonLinesSourceProvider.NAME;
    }

    @Override
    public void start(EventSink sink) throws EventSourceException {
        BufferedReader in;
        try {
            in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new EventSourceException("no such events file: " + file);
        } catch (IOException e) {
            throw new EventSourceException("cannot read events file " + file + ": " + e.getMessage(), e);
        }
        Thread t = new Thread(() -> read(in, sink), "kestrel-jsonl-reader");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void read(BufferedReader in, EventSink sink) {
        EventJsonReader reader = new EventJsonReader();
        Event event = new Event();
        try (in) {
            String text;
            while (!stopping && (text = in.readLine()) != null) {
                EventJsonReader.Line line = reader.parse(text, event);
                if (line instanceof EventJsonReader.Line.Parsed) {
                    sink.accept(event);
                    events.increment();
                } else if (line instanceof EventJsonReader.Line.FieldValues) {
                    count(skipped, "field-value test line (use kestrel replay)");
                } else if (line instanceof EventJsonReader.Line.Malformed m) {
                    count(unparsed, m.reason());
                }
            }
        } catch (IOException e) {
            count(unparsed, "read error: " + e.getMessage());
        } finally {
            done.countDown();
        }
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return thread == null || done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public SourceCounters counters() {
        return new SourceCounters(events.sum(), 0, snapshot(unparsed), snapshot(skipped));
    }

    @Override
    public void stop() {
        stopping = true;
        try {
            await(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void count(Map<String, LongAdder> map, String reason) {
        map.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
