package dev.kestrel.engine.runtime;

import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.loader.LoaderLimits;
import dev.kestrel.fields.state.StateLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * Every bound Kestrel puts on what it reads and keeps, in one immutable object: rules files, event
 * lines (JSON Lines: line length, string parameters, nesting), system state and alert delivery. Each has a default (see {@code docs/limits.md}); reaching
 * one never throws to the host: the input is refused with an error naming the limit, or the excess
 * is cut, evicted or dropped and counted in {@link Kestrel#counters()}.
 *
 * <pre>{@code
 * KestrelLimits limits = KestrelLimits.builder().maxStateBytes(64L << 20).alertQueueBytes(8L << 20).build();
 * Kestrel kestrel = Kestrel.builder().defaultRules().limits(limits).build();
 * }</pre>
 *
 * <p>Thread safety: immutable. Builder methods throw {@link IllegalArgumentException} for a bound
 * below 1 (or a negative duration).
 */
public final class KestrelLimits {

    /** The defaults, listed in {@code docs/limits.md}. */
    public static final KestrelLimits DEFAULTS = new Builder().build();

    private final LoaderLimits rules;
    private final int maxEventLineBytes;
    private final int maxEventStringBytes;
    private final int maxEventJsonDepth;
    private final StateLimits state;
    private final int maxAlertOutputBytes;
    private final int alertQueueAlerts;
    private final long alertQueueBytes;
    private final Duration maxSinkWait;
    private final Duration closeTimeout;

    private KestrelLimits(Builder b) {
        this.rules = new LoaderLimits(b.maxRulesFileBytes, b.maxYamlDepth, b.maxYamlAliases, b.maxConditionDepth,
                b.maxExpandedNodes, b.maxRulesExpandedChars);
        this.maxEventLineBytes = b.maxEventLineBytes;
        this.maxEventStringBytes = b.maxEventStringBytes;
        this.maxEventJsonDepth = b.maxEventJsonDepth;
        this.state = b.state;
        this.maxAlertOutputBytes = b.maxAlertOutputBytes;
        this.alertQueueAlerts = b.alertQueueAlerts;
        this.alertQueueBytes = b.alertQueueBytes;
        this.maxSinkWait = b.maxSinkWait;
        this.closeTimeout = b.closeTimeout;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The rules-file limits (size, YAML depth and aliases, condition depth, size after expansion). */
    public LoaderLimits rules() {
        return rules;
    }

    /** The longest events line read, in bytes; longer lines are skipped and counted. Default 1 MiB. */
    public int maxEventLineBytes() {
        return maxEventLineBytes;
    }

    /** The longest string parameter of an event kept, in UTF-8 bytes; longer ones are cut and marked. Default 4 KiB. */
    public int maxEventStringBytes() {
        return maxEventStringBytes;
    }

    /** The deepest nesting of objects and arrays in an events line; deeper lines are skipped and counted. Default 512. */
    public int maxEventJsonDepth() {
        return maxEventJsonDepth;
    }

    /**
     * A new JSON Lines events reader bounded by these limits (what {@code kestrel replay} reads with).
     * The reader is not thread-safe: one per stream.
     */
    public EventJsonReader eventReader() {
        return new EventJsonReader(maxEventLineBytes, maxEventStringBytes, maxEventJsonDepth);
    }

    /** The bounds of the state tables, in entries and in bytes. */
    public StateLimits state() {
        return state;
    }

    /** The longest alert output line in UTF-8 bytes; longer ones are cut and counted. Default 64 KiB. */
    public int maxAlertOutputBytes() {
        return maxAlertOutputBytes;
    }

    /** How many alerts may wait for the sinks. Default 10,000. */
    public int alertQueueAlerts() {
        return alertQueueAlerts;
    }

    /** How many bytes of alerts may wait for the sinks (estimated heap). Default 64 MiB. */
    public long alertQueueBytes() {
        return alertQueueBytes;
    }

    /** How long {@code process} waits for room in the alert queue before dropping an alert. Default 100 ms. */
    public Duration maxSinkWait() {
        return maxSinkWait;
    }

    /** How long {@code close} waits for the sinks to take the queued alerts. Default 10 s. */
    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public String toString() {
        return "KestrelLimits[rules=" + rules + ", maxEventLineBytes=" + maxEventLineBytes + ", maxEventStringBytes="
                + maxEventStringBytes + ", maxEventJsonDepth=" + maxEventJsonDepth + ", state=" + state + ", maxAlertOutputBytes=" + maxAlertOutputBytes
                + ", alertQueueAlerts=" + alertQueueAlerts + ", alertQueueBytes=" + alertQueueBytes
                + ", maxSinkWait=" + maxSinkWait + ", closeTimeout=" + closeTimeout + "]";
    }

    /** Sets limits one by one; {@link #build()} may be called more than once. Not thread-safe. */
    public static final class Builder {
        private int maxRulesFileBytes;
        private int maxRulesExpandedChars;
        private int maxYamlDepth;
        private int maxYamlAliases;
        private int maxConditionDepth;
        private int maxExpandedNodes;
        private int maxEventLineBytes = EventJsonReader.DEFAULT_MAX_LINE_BYTES;
        private int maxEventStringBytes = EventJsonReader.DEFAULT_MAX_STRING_BYTES;
        private int maxEventJsonDepth = EventJsonReader.DEFAULT_MAX_JSON_DEPTH;
        private StateLimits state = StateLimits.DEFAULTS;
        private int maxAlertOutputBytes = 64 << 10;
        private int alertQueueAlerts = 10_000;
        private long alertQueueBytes = 64L << 20;
        private Duration maxSinkWait = Duration.ofMillis(100);
        private Duration closeTimeout = Duration.ofSeconds(10);

        private Builder() {
            this(LoaderLimits.DEFAULTS);
        }

        private Builder(LoaderLimits r) {
            maxRulesFileBytes = r.maxFileBytes();
            maxRulesExpandedChars = r.maxExpandedChars();
            maxYamlDepth = r.maxYamlDepth();
            maxYamlAliases = r.maxYamlAliases();
            maxConditionDepth = r.maxConditionDepth();
            maxExpandedNodes = r.maxExpandedNodes();
        }

        private Builder(KestrelLimits l) {
            this(l.rules);
            maxEventLineBytes = l.maxEventLineBytes;
            maxEventStringBytes = l.maxEventStringBytes;
            maxEventJsonDepth = l.maxEventJsonDepth;
            state = l.state;
            maxAlertOutputBytes = l.maxAlertOutputBytes;
            alertQueueAlerts = l.alertQueueAlerts;
            alertQueueBytes = l.alertQueueBytes;
            maxSinkWait = l.maxSinkWait;
            closeTimeout = l.closeTimeout;
        }

        /**
         * The largest rules file in bytes, checked before it is read; also the most characters its
         * YAML may expand to once aliases are expanded. Default 16 MiB.
         */
        public Builder maxRulesFileBytes(int bytes) {
            this.maxRulesFileBytes = positive(bytes, "maxRulesFileBytes");
            return this;
        }

        /**
         * The most characters the conditions of all macros and rules of a load may have together once
         * lists are substituted (Falco's official ruleset needs less than 64 Ki). Default 4 Mi.
         */
        public Builder maxRulesExpandedChars(int chars) {
            this.maxRulesExpandedChars = positive(chars, "maxRulesExpandedChars");
            return this;
        }

        /** How deeply a rules file's YAML may nest. Default 64. */
        public Builder maxYamlDepth(int depth) {
            this.maxYamlDepth = positive(depth, "maxYamlDepth");
            return this;
        }

        /** How many YAML aliases of collections a rules file may use. Default 100. */
        public Builder maxYamlAliases(int aliases) {
            this.maxYamlAliases = positive(aliases, "maxYamlAliases");
            return this;
        }

        /** How deeply a condition may nest (parentheses, macros). Default 1000. */
        public Builder maxConditionDepth(int depth) {
            this.maxConditionDepth = positive(depth, "maxConditionDepth");
            return this;
        }

        /** How many nodes a rule's condition may have once macros are expanded. Default 500,000. */
        public Builder maxExpandedNodes(int nodes) {
            this.maxExpandedNodes = positive(nodes, "maxExpandedNodes");
            return this;
        }

        /** The longest events line in bytes; longer lines are skipped and counted. Default 1 MiB. */
        public Builder maxEventLineBytes(int bytes) {
            this.maxEventLineBytes = positive(bytes, "maxEventLineBytes");
            return this;
        }

        /** The longest string parameter of an event kept, in bytes; longer ones are cut. Default 4 KiB. */
        public Builder maxEventStringBytes(int bytes) {
            this.maxEventStringBytes = positive(bytes, "maxEventStringBytes");
            return this;
        }

        /**
         * The deepest nesting of objects and arrays in an events line, from 4 (an event line needs
         * three levels) to 1024 (so a line can never exhaust a thread's stack). Default 512.
         */
        public Builder maxEventJsonDepth(int depth) {
            if (depth < EventJsonReader.MIN_JSON_DEPTH || depth > EventJsonReader.MAX_JSON_DEPTH) {
                throw new IllegalArgumentException("maxEventJsonDepth must be between " + EventJsonReader.MIN_JSON_DEPTH
                        + " and " + EventJsonReader.MAX_JSON_DEPTH + ", was " + depth);
            }
            this.maxEventJsonDepth = depth;
            return this;
        }

        /** The state tables' bounds in entries and bytes; default {@link StateLimits#DEFAULTS}. */
        public Builder state(StateLimits limits) {
            this.state = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** The total bytes (estimated heap) the state tables may hold. Default 256 MiB. */
        public Builder maxStateBytes(long bytes) {
            this.state = state.withMaxBytes(bytes);
            return this;
        }

        /** The longest fd name kept, in UTF-8 bytes; longer names are cut. Default 4096 (PATH_MAX). */
        public Builder maxFdNameBytes(int bytes) {
            this.state = state.withMaxFdNameBytes(bytes);
            return this;
        }

        /** The longest alert output line, in UTF-8 bytes. Default 64 KiB. */
        public Builder maxAlertOutputBytes(int bytes) {
            this.maxAlertOutputBytes = positive(bytes, "maxAlertOutputBytes");
            return this;
        }

        /** How many alerts may wait for the sinks. Default 10,000. */
        public Builder alertQueueAlerts(int alerts) {
            this.alertQueueAlerts = positive(alerts, "alertQueueAlerts");
            return this;
        }

        /** How many bytes of alerts may wait for the sinks. Default 64 MiB. */
        public Builder alertQueueBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("alertQueueBytes must be positive, was " + bytes);
            }
            this.alertQueueBytes = bytes;
            return this;
        }

        /** How long {@code process} may wait for room in the alert queue (zero: never). Default 100 ms. */
        public Builder maxSinkWait(Duration wait) {
            this.maxSinkWait = notNegative(wait, "maxSinkWait");
            return this;
        }

        /** How long {@code close} waits for the sinks. Default 10 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = notNegative(timeout, "closeTimeout");
            return this;
        }

        public KestrelLimits build() {
            return new KestrelLimits(this);
        }

        private static int positive(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be positive, was " + value);
            }
            return value;
        }

        private static Duration notNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + d);
            }
            return d;
        }
    }
}
