package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a realistic, deterministic syscall stream from a seed: same seed and size, same stream.
 * The body is dominated by what a busy Kubernetes node emits (library and /proc opens and closes,
 * reads and writes, socket traffic, memory mapping, a few short-lived commands), with about one
 * event in three hundred generated to trip a rule. The activity weights are in {@link #ACTIVITIES};
 * the resulting mix is printed by {@code EventMix.table()} and documented in the performance README.
 */
public final class StreamGenerator {

    /** Relative weights of the activities, in the order {@link #activity} numbers them. */
    static final int[] ACTIVITIES = {
        100, // 0 web worker serves a request: accept4, recvfrom, openat, read, close, sendto, close
        160, // 1 java thread queries the database on its pooled connection: write, read
        140, // 2 monitor reads /proc/<pid>/stat: openat, read, close
        50,  // 3 temp file: openat /tmp, write, write, close (sometimes unlinkat)
        200, // 4 log line: write
        50,  // 5 java loads a library or jar: openat, read, read, mmap, close
        12,  // 6 cron or the admin's shell runs a command: clone x2, execve, library loads, work, procexit
        120, // 7 mysqld reads and writes its files: read, write
        60,  // 8 JIT: mmap, mprotect
        60,  // 9 coredns answers a query: recvfrom, sendto
        15,  // 10 java opens a new connection: socket, connect, write, read, close
    };

    private final long seed;

    public StreamGenerator(long seed) {
        this.seed = seed;
    }

    /** A stream whose body holds at least {@code bodyEvents} events. */
    public GeneratedStream generate(int bodyEvents) {
        SplittableRandom random = new SplittableRandom(seed);
        World world = new World(random.split());
        Emitter prologue = new Emitter(random.split());
        Activities setup = new Activities(world, prologue, random.split());
        setup.openLongLivedDescriptors();
        Emitter body = new Emitter(random.split());
        Activities activities = new Activities(world, body, random.split());
        Triggers triggers = new Triggers(world, body, activities, random.split());
        int total = 0;
        for (int w : ACTIVITIES) {
            total += w;
        }
        int triggered = 0;
        long nextTrigger = 150 + random.nextInt(300);
        while (body.records.size() < bodyEvents) {
            if (body.records.size() >= nextTrigger) {
                triggered += triggers.next();
                nextTrigger = body.records.size() + 150 + random.nextInt(300);
                continue;
            }
            int pick = random.nextInt(total);
            int activity = 0;
            while (pick >= ACTIVITIES[activity]) {
                pick -= ACTIVITIES[activity++];
            }
            activities.run(activity);
        }
        return new GeneratedStream(seed, world.containers, world.processes, prologue.records, body.records, triggered);
    }

    /** Convenience for tests and tools: the stream of {@code bodyEvents} events for {@code seed}. */
    public static GeneratedStream of(long seed, int bodyEvents) {
        return new StreamGenerator(seed).generate(bodyEvents);
    }


}
