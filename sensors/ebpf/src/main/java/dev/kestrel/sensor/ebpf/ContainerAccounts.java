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
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A container's own users and groups for {@link EventWriter}: read from its {@code /etc/passwd} and
 * {@code /etc/group} through one of its processes' root, once per container and {@link EventWriter#REDESCRIBE},
 * off the writing thread and within {@link #ACCOUNTS_WAIT}. Used by the writing thread only.
 */
final class ContainerAccounts {

    /** Per container, -1 once its accounts were read, else how many reads failed; kept as long as a container is described. */
    private final Cache<String, Integer> accountsRead;
    /** How many execs of a container try to read its accounts before it is counted as unreadable. */
    private static final int ACCOUNT_READS = 3;
    /** How long the writing thread waits for a container's accounts. */
    static final Duration ACCOUNTS_WAIT = Duration.ofMillis(500);
    /** Reads a container's accounts: one thread (ended when idle), a short queue; a read stuck for good blocks only the next ones. */
    private final ThreadPoolExecutor accountReads = new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(16), r -> {
                Thread t = new Thread(r, "kestrel-ebpf-accounts");
                t.setDaemon(true);
                return t;
            });

    private final Path proc;
    private final Consumer<String> note;

    /** Reads under {@code proc} (the /proc file system); {@code note} counts what could not be read. */
    ContainerAccounts(Path proc, Ticker ticker, Consumer<String> note) {
        this.proc = proc;
        this.note = note;
        this.accountsRead = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(EventWriter.REDESCRIBE)
                .executor(Runnable::run).ticker(ticker).build();
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
        HostAccounts accounts = HostAccounts.ofContainer(root);
        List<UserMetadata> users;
        List<GroupMetadata> groups;
        try {
            // Off this thread and bounded: the container's files are its own, and a slow one must not stall every event.
            Future<List<List<?>>> read = accountReads.submit(() -> List.of(accounts.users(), accounts.groups()));
            List<List<?>> both;
            try {
                both = read.get(ACCOUNTS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                read.cancel(true);
                throw e;
            }
            @SuppressWarnings("unchecked")
            List<UserMetadata> u = (List<UserMetadata>) both.get(0);
            @SuppressWarnings("unchecked")
            List<GroupMetadata> g = (List<GroupMetadata>) both.get(1);
            users = u;
            groups = g;
        } catch (TimeoutException | RejectedExecutionException | ExecutionException e) {
            accountsRead.put(containerId, -1);
            note.accept("containers whose /etc/passwd was not read within " + ACCOUNTS_WAIT.toMillis()
                    + " ms (their users named as the host's)");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (users.isEmpty()) {
            // The process may be gone already, or the image has no /etc/passwd: tried again at the next execs.
            int n = tried == null ? 1 : tried + 1;
            accountsRead.put(containerId, n);
            if (n == ACCOUNT_READS) {
                note.accept("containers whose /etc/passwd could not be read (their users named as the host's)");
            }
            return;
        }
        accountsRead.put(containerId, -1);
        long now = System.currentTimeMillis() * 1_000_000L;
        users.forEach(u -> sink.accept(event.resetUser(now, u, containerId)));
        groups.forEach(g -> sink.accept(event.resetGroup(now, g, containerId)));
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
