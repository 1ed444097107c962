package dev.kestrel.response;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ActionnerEnvironment} of one responder; closes the shared resources with it. Thread-safe. */
final class SharedEnvironment implements ActionnerEnvironment, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEnvironment.class);

    private final Map<String, String> settings;
    private final Duration callTimeout;
    private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

    SharedEnvironment(Map<String, String> settings, Duration callTimeout) {
        this.settings = Map.copyOf(settings);
        this.callTimeout = callTimeout;
    }

    @Override
    public String setting(String name) {
        return settings.get(name);
    }

    @Override
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public <T> T shared(Class<T> type, Supplier<? extends T> maker) {
        return type.cast(shared.computeIfAbsent(type, t -> maker.get()));
    }

    @Override
    public void close() {
        for (Object o : shared.values()) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("closing {} failed: {}", o.getClass().getSimpleName(), String.valueOf(e));
                }
            }
        }
        shared.clear();
    }
}
