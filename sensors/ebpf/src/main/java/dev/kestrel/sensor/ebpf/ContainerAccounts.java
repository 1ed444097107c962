package dev.kestrel.sensor.ebpf;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.HostAccounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A container's own users and groups for {@link EventWriter}: read from its {@code /etc/passwd} and
 * {@code /etc/group} through one of its processes' root, once per container and {@link ContainerDescriptions#REDESCRIBE},
 * on a thread of its own and within {@link #ACCOUNTS_WAIT}. Used by the writing thread only.
 */
final class ContainerAccounts {

    /** How many execs of a container try to read its accounts before it is counted as unreadable. */
    private static final int ACCOUNT_READS = 3;
    /** How long the writing thread waits for a container's accounts. */
    static final Duration ACCOUNTS_WAIT = Duration.ofMillis(500);
    /** Most users, and most groups, sent for one container. */
    static final int MAX_SENT = 4_096;
    /** Reading threads left stuck (an open no interrupt ends, such as a FIFO swapped in) before reading stops. */
    static final int MAX_STUCK = 4;

    /** What one read gives: the users and the groups. */
    record Read(List<UserMetadata> users, List<GroupMetadata> groups) {
    }

    private final Path proc;
    private final Consumer<String> note;
    private final Function<Path, Read> reader;
    /** Per container, -1 once its accounts were read, else how many reads failed; kept as long as a container is described. */
    private final Cache<String, Integer> accountsRead;
    /** The reading thread; replaced when one is left stuck, null once {@link #MAX_STUCK} were. */
    private ExecutorService reading;
    private int stuck;

    /** Reads under {@code proc} (the /proc file system); {@code note} counts what could not be read. */
    ContainerAccounts(Path proc, Ticker ticker, Consumer<String> note) {
        this(proc, ticker, note, root -> {
            HostAccounts a = HostAccounts.ofContainer(root);
            return new Read(a.users(), a.groups());
        });
    }

    /** As above, reading with {@code reader} (tests give a slow one). */
    ContainerAccounts(Path proc, Ticker ticker, Consumer<String> note, Function<Path, Read> reader) {
        this.proc = proc;
        this.note = note;
        this.reader = reader;
        this.accountsRead = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(ContainerDescriptions.REDESCRIBE)
                .executor(Runnable::run).ticker(ticker).build();
        this.reading = newReadingThread();
    }

    /** One thread, ended when idle for 5 s, so a sensor that stops leaves none behind. */
    private static ExecutorService newReadingThread() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "kestrel-ebpf-accounts");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /**
     * The container's own users and groups, from its {@code /etc/passwd} and {@code /etc/group} read
     * through process {@code pid}'s root, once per container (libsinsp reads them so): {@code user.name}
     * of a container's process is the container's name for its uid, not the host's.
     */
    void send(String containerId, long pid, Event event, EventSink sink) {
        Integer tried = accountsRead.getIfPresent(containerId);
        if (tried != null && (tried < 0 || tried >= ACCOUNT_READS)) {
            return;
        }
        Path root = proc.resolve(Long.toString(pid)).resolve("root");
        if (hostRoot(root)) {
            return;  // the runtime's own steps before the container's root is in place (runc re-executes itself)
        }
        if (reading == null) {
            accountsRead.put(containerId, -1);
            note.accept("containers whose accounts were not read (" + MAX_STUCK + " earlier reads never ended)");
            return;
        }
        Read read;
        Future<Read> pending = reading.submit(() -> reader.apply(root));
        try {
            // Off this thread and bounded: the container's files are its own, and a slow one must not stall every event.
            read = pending.get(ACCOUNTS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // An open no interrupt ends may hold the thread for good: later reads get a thread of their own.
            pending.cancel(true);
            reading.shutdownNow();
            reading = ++stuck < MAX_STUCK ? newReadingThread() : null;
            accountsRead.put(containerId, -1);
            note.accept("containers whose /etc/passwd was not read within " + ACCOUNTS_WAIT.toMillis()
                    + " ms (their users named as the host's)");
            return;
        } catch (ExecutionException e) {
            read = new Read(List.of(), List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (read.users().isEmpty()) {
            // The process may be gone already, or the image has no /etc/passwd: tried again at the next execs.
            int n = tried == null ? 1 : tried + 1;
            accountsRead.put(containerId, n);
            if (n == ACCOUNT_READS) {
                note.accept("containers whose /etc/passwd could not be read (their users named as the host's)");
            }
            return;
        }
        accountsRead.put(containerId, -1);
        if (read.groups().isEmpty()) {
            // over 4 MiB, a link, not for all to read, or empty: the users are sent, the group ids stay unnamed
            note.accept("containers whose /etc/group could not be read or named no group (their group ids have no names)");
        }
        if (read.users().size() > MAX_SENT || read.groups().size() > MAX_SENT) {
            note.accept("containers with more than " + MAX_SENT + " users or groups (the rest not sent)");
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        read.users().stream().limit(MAX_SENT).forEach(u -> sink.accept(event.resetUser(now, u, containerId)));
        read.groups().stream().limit(MAX_SENT).forEach(g -> sink.accept(event.resetGroup(now, g, containerId)));
    }

    /** Whether {@code root} (a process's root) is the host's, pid 1's: no container's files to read there. */
    private boolean hostRoot(Path root) {
        try {
            return Files.isSameFile(root, proc.resolve("1").resolve("root"));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
