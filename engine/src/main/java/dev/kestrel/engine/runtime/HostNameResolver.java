package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.HostEntry;
import dev.kestrel.core.field.IpAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the host names the rules compare {@code fd.*ip.name} with ({@link Kestrel#hostNamesInRules()})
 * and gives each address found to the engine as a host entry, now and every {@code refresh}, so that
 * {@code fd.sip.name = "kubernetes.default.svc.cluster.local"} can match, as in Falco. It sends DNS
 * queries, so it runs only where the host starts it. Thread-safe; one daemon thread; {@link #close()} ends it.
 */
public final class HostNameResolver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostNameResolver.class);

    /** How a name is looked up: the JDK's resolver by default ({@link InetAddress#getAllByName}). */
    @FunctionalInterface
    public interface Lookup {
        /** The addresses of {@code name}; an exception when it has none or the lookup failed. */
        List<InetAddress> addresses(String name) throws IOException;
    }

    /** The JDK's resolver (the host's {@code /etc/hosts} and DNS). */
    public static final Lookup SYSTEM = name -> List.of(InetAddress.getAllByName(name));

    private final Kestrel kestrel;
    private final Lookup lookup;
    private final ScheduledExecutorService timer;
    private final LongAdder resolved = new LongAdder();
    private final LongAdder failed = new LongAdder();

    private HostNameResolver(Kestrel kestrel, Lookup lookup) {
        this.kestrel = kestrel;
        this.lookup = lookup;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kestrel-host-names");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts resolving {@code kestrel}'s names with {@code lookup} at once and every {@code refresh}
     * (the names are read again each round, so a reload's new names are resolved too).
     */
    public static HostNameResolver start(Kestrel kestrel, Lookup lookup, Duration refresh) {
        Objects.requireNonNull(kestrel, "kestrel");
        Objects.requireNonNull(lookup, "lookup");
        if (refresh == null || refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("the refresh interval must be positive");
        }
        HostNameResolver r = new HostNameResolver(kestrel, lookup);
        r.timer.scheduleWithFixedDelay(r::resolveAll, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    /** Resolves every name once, on the calling thread; how many addresses were given to the engine. */
    int resolveAll() {
        int given = 0;
        try {
            for (String name : kestrel.hostNamesInRules()) {
                List<InetAddress> addresses;
                try {
                    addresses = lookup.addresses(name);
                } catch (IOException | RuntimeException e) {
                    failed.increment();
                    LOG.debug("could not resolve {}: {}", name, e.toString());
                    continue;
                }
                for (InetAddress a : addresses) {
                    IpAddress ip = IpAddress.parse(a.getHostAddress().split("%")[0]);
                    if (ip != null) {
                        kestrel.process(new Event().resetHost(System.currentTimeMillis() * 1_000_000L, new HostEntry(ip, name)));
                        given++;
                    }
                }
                // Counted once the engine has the addresses.
                resolved.increment();
            }
        } catch (IllegalStateException e) {
            // the engine was closed: nothing more to resolve for
            timer.shutdown();
        }
        return given;
    }

    /** Lookups that found addresses. */
    public long resolved() {
        return resolved.sum();
    }

    /** Lookups that failed (no such name, no answer); counted, tried again next round. */
    public long failed() {
        return failed.sum();
    }

    /** Stops resolving; the entries given stay in the engine's state. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
