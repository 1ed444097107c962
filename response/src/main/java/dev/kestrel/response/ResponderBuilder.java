package dev.kestrel.response;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Configures a {@link Responder}. Mutable and not thread-safe; {@link #build()} reads the rules and
 * starts the worker. Defaults: no dry run (rules may still ask for one), a 1 minute deduplication
 * window, a queue of 1,000 jobs or 16 MiB, 5 actions per second (burst 10) per actionner, 10 s per
 * call to an outside system, no audit file.
 */
public final class ResponderBuilder {

    Path rulesFile;
    String rulesName;
    String rulesText;
    boolean dryRun;
    Path auditFile;
    final List<ActionListener> listeners = new ArrayList<>();
    Duration dedupWindow = Duration.ofMinutes(1);
    int maxDedupKeys = 100_000;
    int queueCapacity = 1_000;
    long queueBytes = 16L << 20;
    double defaultRate = 5;
    int defaultBurst = 10;
    final Map<String, double[]> rateLimits = new LinkedHashMap<>();
    Duration callTimeout = Duration.ofSeconds(10);
    final Map<String, String> settings = new LinkedHashMap<>();
    final List<Actionner> actionners = new ArrayList<>();
    LongSupplier ticker = System::nanoTime;
    Clock wallClock = Clock.systemUTC();

    ResponderBuilder() {
    }

    /** The response rules file (Falco Talon's format). */
    public ResponderBuilder rules(Path file) {
        this.rulesFile = Objects.requireNonNull(file, "file");
        this.rulesText = null;
        return this;
    }

    /** Response rules given as text; {@code name} stands for the file in error messages. */
    public ResponderBuilder rulesText(String name, String yaml) {
        this.rulesName = Objects.requireNonNull(name, "name");
        this.rulesText = Objects.requireNonNull(yaml, "yaml");
        this.rulesFile = null;
        return this;
    }

    /** With true, every action is recorded as a dry run and none is run, whatever the rules say. */
    public ResponderBuilder dryRun(boolean dryRun) {
        this.dryRun = dryRun;
        return this;
    }

    /** Appends every action record to {@code file} as JSON Lines. */
    public ResponderBuilder auditFile(Path file) {
        this.auditFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** Adds a listener that receives every action record. */
    public ResponderBuilder listener(ActionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** The same action on the same target runs at most once per {@code window} (zero: no deduplication). */
    public ResponderBuilder dedupWindow(Duration window) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the deduplication window must not be negative, was " + window);
        }
        this.dedupWindow = window;
        return this;
    }

    /**
     * The deduplication remembers at most {@code maxKeys} (action, target) pairs (default 100,000, a
     * few MiB); beyond that the oldest are forgotten early, and counted.
     */
    public ResponderBuilder dedupKeys(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("the deduplication needs room for at least one key, was " + maxKeys);
        }
        this.maxDedupKeys = maxKeys;
        return this;
    }

    /** At most {@code capacity} matched alerts, or {@code maxBytes} of them, wait for the worker; more are dropped and counted. */
    public ResponderBuilder queue(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("the response queue needs a positive capacity and byte bound, was "
                    + capacity + " and " + maxBytes);
        }
        this.queueCapacity = capacity;
        this.queueBytes = maxBytes;
        return this;
    }

    /** At most {@code perSecond} actions per second (bursts of {@code burst}) for the actionner called {@code actionner}. */
    public ResponderBuilder rateLimit(String actionner, double perSecond, int burst) {
        new RateLimiter(perSecond, burst, () -> 0L); // validates
        rateLimits.put(Objects.requireNonNull(actionner, "actionner"), new double[] {perSecond, burst});
        return this;
    }

    /** The rate limit of every actionner without its own. */
    public ResponderBuilder defaultRateLimit(double perSecond, int burst) {
        new RateLimiter(perSecond, burst, () -> 0L); // validates
        this.defaultRate = perSecond;
        this.defaultBurst = burst;
        return this;
    }

    /** How long one call to the API server or a URL may take before the action fails. */
    public ResponderBuilder callTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the call timeout must be positive, was " + timeout);
        }
        this.callTimeout = timeout;
        return this;
    }

    /**
     * A setting actionners read: {@code kubeconfig} (a kubeconfig file for the {@code kubernetes:*}
     * actionners; without it the in-cluster service account or {@code ~/.kube/config} is used).
     */
    public ResponderBuilder setting(String name, String value) {
        settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Adds actionners to those found through ServiceLoader; one with the same name replaces the found one. */
    public ResponderBuilder actionners(Actionner... more) {
        actionners.addAll(Arrays.asList(more));
        return this;
    }

    /** Test seam: the clocks of deduplication, rate limits and records. */
    ResponderBuilder clocks(LongSupplier ticker, Clock wallClock) {
        this.ticker = ticker;
        this.wallClock = wallClock;
        return this;
    }

    /**
     * Reads the rules and starts the worker.
     *
     * @throws ResponseRulesException when the rules have errors (each with file, line and column)
     * @throws java.io.UncheckedIOException when the rules file or the audit file cannot be opened
     */
    public Responder build() {
        if (rulesFile == null && rulesText == null) {
            throw new IllegalStateException("a responder needs response rules: call rules(Path) or rulesText(...)");
        }
        return new Responder(this);
    }
}
