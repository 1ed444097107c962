package dev.kestrel.bench;

import dev.kestrel.bench.stream.GeneratedStream;
import dev.kestrel.bench.stream.StreamEvents;
import dev.kestrel.core.event.Event;
import dev.kestrel.engine.runtime.Kestrel;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * One engine per shard on one and on two threads ({@code BenchTool shards [SECONDS]}): each thread
 * builds its own {@link Kestrel} and replays its own copy of the bench mix, as two hosts' streams
 * would. Prints events per wall-second summed over the threads and events per CPU-second of each
 * thread: when the second thread costs the first nothing (no shared lock or state), the CPU figure
 * stays and the wall figure doubles on a machine with a free core. Not thread-safe; run once.
 */
final class ShardScaling {

    private ShardScaling() {
    }

    static void print(int seconds, PrintStream out) throws Exception {
        out.printf("%-44s %16s %18s%n", "Kestrel.process, bench mix, one engine per thread", "events/wall-s", "events/CPU-s each");
        for (int threads = 1; threads <= 2; threads++) {
            Shard[] shards = run(threads, seconds);
            long events = 0;
            long wallNanos = 0;
            StringBuilder perThread = new StringBuilder();
            for (Shard s : shards) {
                events += s.events;
                wallNanos = Math.max(wallNanos, s.wallNanos);
                perThread.append(perThread.length() == 0 ? "" : " / ").append(String.format("%.0f", s.events * 1e9 / s.cpuNanos));
            }
            out.printf("%-44s %16.0f %18s%n", threads + (threads == 1 ? " thread" : " threads"), events * 1e9 / wallNanos, perThread);
        }
    }

    private static Shard[] run(int threads, int seconds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        Shard[] shards = new Shard[threads];
        List<Thread> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Shard s = new Shard(start, seconds);
            shards[i] = s;
            Thread t = new Thread(s, "shard-" + i);
            running.add(t);
            t.start();
        }
        for (Thread t : running) {
            t.join();
        }
        for (Shard s : shards) {
            if (s.failure != null) {
                throw s.failure;
            }
        }
        return shards;
    }

    /** One thread with its own engine: warms up, waits for the others, then counts. */
    private static final class Shard implements Runnable {
        private final CyclicBarrier start;
        private final int seconds;
        long events;
        long cpuNanos;
        long wallNanos;
        Exception failure;

        Shard(CyclicBarrier start, int seconds) {
            this.start = start;
            this.seconds = seconds;
        }

        @Override
        public void run() {
            GeneratedStream stream = BenchStreams.stream();
            Event[] body = StreamEvents.body(stream);
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            try (Kestrel kestrel = BenchRules.engine()) {
                for (Event e : StreamEvents.setup(stream)) {
                    kestrel.process(e);
                }
                long warmUntil = System.nanoTime() + seconds * 1_000_000_000L;
                while (System.nanoTime() < warmUntil) {
                    for (Event e : body) {
                        kestrel.process(e);
                    }
                }
                start.await();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long wall0 = System.nanoTime();
                long until = wall0 + seconds * 1_000_000_000L;
                while (System.nanoTime() < until) {
                    for (Event e : body) {
                        kestrel.process(e);
                    }
                    events += body.length;
                }
                wallNanos = System.nanoTime() - wall0;
                cpuNanos = mx.getCurrentThreadCpuTime() - cpu0;
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
