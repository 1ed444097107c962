package dev.kestrel.fields.state;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.core.spi.MetadataProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The system state rebuilt from events, as Falco's libsinsp rebuilds it: the process tree, each
 * process's fds, users, containers and pods. {@link #apply} updates it with one event and returns
 * the context field accessors read. Not thread-safe: one caller applies events in order.
 *
 * <pre>{@code
 * SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxThreads(10_000));
 * StateContext ctx = state.apply(event);   // then evaluate rules against ctx
 * }</pre>
 */
public final class SystemState {

    private final StateLimits limits;
    private final ThreadTable threads;
    private final ContainerTable containers;
    private final UserTable users;
    private final StateContext ctx;
    private final Cache<IpAddress, String> hostNames;
    private final ProcessEvents processEvents;
    private final FdEvents fdEvents;
    private final FdSnapshots fdSnapshots;
    private long clock;
    private long lastPurge = Long.MIN_VALUE;
    private long eventCount;
    private long firstTimestamp = Long.MIN_VALUE;
    long unknownThreadEvents;
    long parentLookupsMissed;
    long fdsDropped;
    long fdLookupsMissed;
    long fdNamesCut;

    private SystemState(StateLimits limits, List<MetadataProvider> providers, Executor executor) {
        this.limits = limits;
        this.threads = new ThreadTable(limits.maxThreads(), new StateBytes());
        // Metadata ages in event time counted from the first timestamped event, so records read before
        // it (metadata lines without "ts" at the head of a stream) do not expire when it arrives.
        this.containers = new ContainerTable(limits, providers, executor, () -> clock - firstTimestamp());
        this.users = new UserTable(limits.maxUsers());
        this.ctx = new StateContext(this);
        this.hostNames = Caffeine.newBuilder().maximumSize(limits.maxContainers()).executor(Runnable::run).build();
        this.processEvents = new ProcessEvents(this, threads);
        this.fdEvents = new FdEvents(this);
        this.fdSnapshots = new FdSnapshots(this, threads);
    }

    /** A state with the default limits and no metadata provider. */
    public static SystemState create() {
        return create(StateLimits.DEFAULTS);
    }

    public static SystemState create(StateLimits limits) {
        return new SystemState(limits, List.of(), ForkJoinPool.commonPool());
    }

    /** A state asking {@code providers} (on {@code executor}) about containers the stream does not describe. */
    public static SystemState create(StateLimits limits, List<MetadataProvider> providers, Executor executor) {
        return new SystemState(limits, providers, executor);
    }

    /** The metadata providers registered with {@link java.util.ServiceLoader} on {@code loader}. */
    public static List<MetadataProvider> discoverProviders(ClassLoader loader) {
        List<MetadataProvider> found = new ArrayList<>();
        ServiceLoader.load(MetadataProvider.class, loader).forEach(found::add);
        return found;
    }

    public StateLimits limits() {
        return limits;
    }

    public ThreadTable threads() {
        return threads;
    }

    public ContainerTable containers() {
        return containers;
    }

    public UserTable users() {
        return users;
    }

    /** The timestamp of the first event applied ({@code evt.reltime} counts from it). */
    public long firstTimestamp() {
        return firstTimestamp == Long.MIN_VALUE ? 0 : firstTimestamp;
    }

    /** The host name recorded for {@code address}, or null. */
    public String hostName(IpAddress address) {
        return hostNames.getIfPresent(address);
    }

    /** Records a host name for an address (what a {@code host} record in the stream does). */
    public void putHostName(IpAddress address, String name) {
        hostNames.put(address, name);
    }

    /** The counters of what was dropped, evicted or missed so far. */
    public StateCounters counters() {
        return new StateCounters(eventCount, unknownThreadEvents, threads.evicted, threads.dropped, threads.purged,
                threads.exited,
                fdsDropped, fdLookupsMissed, parentLookupsMissed, containers.missed, containers.evicted,
                threads.evictedForBytes, fdNamesCut, threads.bytes());
    }

    /**
     * How often each limit of {@link StateLimits} was reached, by the limit's name (only those
     * reached): threads evicted or not recorded ({@code maxThreads}), fds not recorded
     * ({@code maxFdsPerProcess}), processes evicted to stay within {@code maxStateBytes}, fd names cut
     * ({@code maxFdNameBytes}), containers and pods evicted ({@code maxContainers}), users and groups
     * not recorded and containers' lists given up ({@code maxUsers}).
     */
    public Map<String, Long> limitsHit() {
        Map<String, Long> hits = new TreeMap<>();
        putHit(hits, "maxThreads", threads.evicted + threads.dropped);
        putHit(hits, "maxFdsPerProcess", fdsDropped);
        putHit(hits, "maxStateBytes", threads.evictedForBytes);
        putHit(hits, "maxFdNameBytes", fdNamesCut);
        putHit(hits, "maxContainers", containers.evictedForSize);
        putHit(hits, "maxUsers", users.dropped + users.evicted);
        return hits;
    }

    private static void putHit(Map<String, Long> hits, String name, long n) {
        if (n > 0) {
            hits.put(name, n);
        }
    }

    /**
     * Applies {@code event} and returns the context describing it. Kestrel records (snapshots,
     * metadata) update the state and return a context without a thread; rules should skip them.
     */
    public StateContext apply(Event event) {
        eventCount++;
        ctx.begin(event, event.sequence() > 0 ? event.sequence() : eventCount);
        long now = event.timestampNanos();
        if (firstTimestamp == Long.MIN_VALUE && now > 0) {
            startClock(now);
        }
        if (now > clock) {
            clock = now;
        }
        EventType type = event.type();
        switch (type) {
            case PROCESS_SNAPSHOT -> {
                processEvents.snapshot(event, ctx, now);
                threads.recharge(ctx.process);
                threads.evictForBytes(limits.maxBytes(), ctx.process == null ? -1 : ctx.process.pid);
                resolveContainer();
                return ctx;
            }
            case FD_SNAPSHOT -> {
                fdSnapshots.apply(event);
                return ctx;
            }
            case CONTAINER_METADATA -> {
                containers.put(event.container());
                return ctx;
            }
            case POD_METADATA -> {
                containers.put(event.pod());
                return ctx;
            }
            case USER_METADATA -> {
                users.put(event.user(), event.recordContainerId());
                return ctx;
            }
            case GROUP_METADATA -> {
                users.put(event.group(), event.recordContainerId());
                return ctx;
            }
            case HOST_ENTRY -> {
                hostNames.put(event.host().address(), event.host().name());
                return ctx;
            }
            default -> {
            }
        }
        ThreadInfo t = threads.thread(event.tid());
        if (type.isClone() && event.returnValue() == 0 && !event.isEnter()) {
            t = processEvents.cloneChild(event, t, now);
        }
        if (t == null) {
            t = unknownThread(event, now);
        }
        t.lastEventNanos = now;
        t.process.lastEventNanos = now;
        ctx.thread = t;
        ctx.process = t.process;
        if (event.isEnter()) {
            fdEvents.useOnly(event, ctx);
        } else if (type.isClone()) {
            processEvents.cloneParent(event, t, now);
            threads.recharge(t.process);
        } else if (type.isExec()) {
            processEvents.exec(event, t, now);
            threads.recharge(t.process);
        } else if (type == EventType.PROCEXIT) {
            processEvents.exit(event, t);
        } else if (!processEvents.apply(event, t)) {
            fdEvents.apply(event, ctx);
        }
        resolveContainer();
        purgeIfDue(now, t.process.pid);
        threads.evictForBytes(limits.maxBytes(), t.process.pid);
        return ctx;
    }

    /**
     * Starts event time at the first timestamped event: what records without a timestamp (snapshots,
     * metadata at the head of a stream) created before it counts as seen at that time.
     */
    private void startClock(long now) {
        firstTimestamp = now;
        clock = now;
        lastPurge = now;
        for (ProcessInfo p : threads.processes()) {
            p.lastEventNanos = Math.max(p.lastEventNanos, now);
        }
        for (ThreadInfo t : threads.threads()) {
            t.lastEventNanos = Math.max(t.lastEventNanos, now);
        }
    }

    private ThreadInfo unknownThread(Event event, long now) {
        unknownThreadEvents++;
        long pid = event.pid() > 0 ? event.pid() : event.tid();
        ProcessInfo p = threads.process(pid);
        if (p == null) {
            p = threads.createProcess(pid, 0, now);
        }
        ThreadInfo t = p == null ? null : threads.addThread(event.tid(), p, now);
        if (t == null) {
            // No room even after eviction: describe the event with a thread the table does not keep.
            ProcessInfo transientProcess = p != null ? p : new ProcessInfo(pid);
            t = new ThreadInfo(event.tid(), transientProcess);
        }
        return t;
    }

    private void resolveContainer() {
        ProcessInfo p = ctx.process;
        if (p == null || p.containerId == null) {
            return;
        }
        if (p.containerVersion != containers.version() || p.container == null) {
            ContainerMetadata c = containers.container(p.containerId);
            p.container = c;
            p.pod = containers.podOf(p.containerId, c);
            p.containerVersion = containers.version();
        }
        ctx.container = p.container;
        ctx.pod = p.pod;
    }

    private void purgeIfDue(long now, long currentPid) {
        long interval = limits.purgeInterval().toNanos();
        if (lastPurge == Long.MIN_VALUE) {
            return; // no timestamped event yet: time does not move
        }
        if (now - lastPurge >= interval) {
            lastPurge = now;
            threads.purgeIdle(now - limits.threadTimeout().toNanos(), currentPid);
        }
    }

    /** The number of the event being applied. */
    long eventNum() {
        return ctx.eventNum;
    }

    /** Points the context at the fd the event uses. */
    void ctxFd(FdInfo fd, long num) {
        ctx.fd = fd;
        ctx.fdNum = num;
    }

    /** Records a new fd in {@code p}'s table, counting it when the table is full. */
    void addFd(ProcessInfo p, long fd, FdInfo info) {
        if (info.cutName(limits.maxFdNameBytes())) {
            fdNamesCut++;
        }
        if (!p.fds.put(fd, info, limits.maxFdsPerProcess())) {
            fdsDropped++;
        }
    }
}
