package dev.kestrel.engine.runtime;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventContext;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.OpenPathFilter;
import dev.kestrel.core.event.jsonl.EventJsonReader;
import dev.kestrel.engine.config.ConfiguredOutput;
import dev.kestrel.engine.config.OutputContext;
import dev.kestrel.engine.index.HostNameAnalysis;
import dev.kestrel.engine.index.OpenPathAnalysis;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.loader.LoadedRule;
import dev.kestrel.engine.loader.RulesSource;
import dev.kestrel.engine.output.AlertComposer;
import dev.kestrel.engine.sink.AlertDelivery;
import dev.kestrel.engine.sink.CountedSink;
import dev.kestrel.engine.sink.MeasuredSink;
import dev.kestrel.engine.sink.MetricFamily;
import dev.kestrel.engine.sink.OutputCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kestrel embedded in a host: feed it events, it keeps the system state they imply, evaluates the
 * rules and hands Falco-shaped alerts to the sinks.
 *
 * <pre>{@code
 * try (Kestrel kestrel = Kestrel.builder().defaultRules().sink(StreamSink.stdoutJson()).build()) {
 *     kestrel.process(event);
 * }
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread. {@link #process} applies one event
 * to the state and evaluates it while holding the instance's lock, so events from several threads
 * are applied one at a time, in the order the lock is taken (state rebuilding needs a total order
 * anyway). Sinks run on a separate delivery thread. {@link #reload} compiles the new rules without
 * the lock and swaps them in atomically: an event sees either the old rules or the new ones. Alerts
 * are queued for the sinks after the lock is released, so a slow sink never holds up other callers;
 * a caller waits at most {@link KestrelLimits#maxSinkWait()} per call for room in the queue.
 *
 * <p>Every bound on what Kestrel reads and keeps is in {@link KestrelLimits}; what reaching one cost
 * (cut, evicted, dropped) is in {@link #counters()}.
 */
public final class Kestrel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kestrel.class);

    private final Parts parts;
    private final RulesGenerations generations;
    private final boolean firstOnly;
    private final AlertComposer composer;
    private final AlertDelivery delivery;
    private final Counters counters = new Counters();
    private final KestrelLimits limits;
    private final long maxWaitNanos;
    private final List<Alert> pending = new ArrayList<>();
    private volatile boolean closed;
    private final ReentrantLock lock = new ReentrantLock();
    private final Program.Matches onMatch = this::onMatch;
    private volatile Kestrel built;
    private ActiveRules evaluating;

    Kestrel(KestrelBuilder b) {
        if (b.rules.isEmpty()) {
            throw new IllegalStateException("no rules to run: add rules files, rules text or defaultRules() before build()");
        }
        this.limits = b.limits;
        this.maxWaitNanos = limits.maxSinkWait().toNanos();
        this.parts = b.parts.apply(b);
        this.firstOnly = b.ruleMatching == RuleMatching.FIRST;
        this.composer = new AlertComposer(b.timeFormat, b.zone, b.hostname != null ? b.hostname : HostName.local(),
                limits.maxAlertOutputBytes());
        this.generations = new RulesGenerations(b.rules, new RulesActivation(parts, b.selections, b.minimumPriority, b.appendOutputs),
                parts, b.eventForm, b.logReloadFailures, limits.rules().maxFileBytes());
        List<AlertSink> sinks = new ArrayList<>(b.sinks);
        sinks.addAll(openOutputs(b.configuredOutputs));
        this.delivery = new AlertDelivery(sinks, limits.alertQueueAlerts(), limits.alertQueueBytes(),
                limits.maxSinkWait());
        this.built = this;
    }

    /** Starts the outputs read from a config file; if one cannot start, the ones started are closed. */
    private List<AlertSink> openOutputs(List<ConfiguredOutput> outputs) {
        List<AlertSink> opened = new ArrayList<>();
        OutputContext context = new OutputContext(() -> built);
        for (ConfiguredOutput out : outputs) {
            try {
                opened.add(out.open(context));
            } catch (Exception e) {
                for (AlertSink s : opened) {
                    try {
                        s.close();
                    } catch (Exception closing) {
                        LOG.debug("closing output '{}' after a failed start", s.name(), closing);
                    }
                }
                LOG.debug("output '{}' could not start", out.name(), e);
                throw new IllegalStateException("the '" + out.name() + "' output could not start: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
        }
        return opened;
    }

    /** A builder with no rules, no sinks and Falco's default options. */
    public static KestrelBuilder builder() {
        return new KestrelBuilder();
    }

    /**
     * Applies one system event to the state and evaluates the rules on it; matches become alerts for
     * the sinks. An event that cannot be used is counted as skipped with its reason; an error inside
     * evaluation is counted and logged. Neither is thrown to the caller.
     *
     * @throws RulesLoadException only for an instance built with {@link EventForm#FIELD_VALUES} whose
     *                            rules cannot be compiled for system events (they are compiled on first use)
     * @throws IllegalStateException after {@link #close()}
     */
    public void process(Event event) {
        requireOpen();
        if (event == null) {
            counters.skipped("null event");
            return;
        }
        RulesGenerations.Generation g = generations.current();
        ActiveRules rules = g.syscall != null ? g.syscall : generations.rulesFor(g, EventForm.SYSCALL);
        List<Alert> raised = null;
        lock.lock();
        try {
            EventContext ctx;
            try {
                ctx = parts.apply(event);
            } catch (SkippedEventException e) {
                counters.skipped(e.getMessage());
                return;
            } catch (RuntimeException e) {
                counters.skipped("state error: " + e.getClass().getSimpleName());
                LOG.warn("an event could not be applied to the system state and was skipped: {}", String.valueOf(e));
                return;
            }
            counters.applied(event.type());
            if (ctx != null && rules.evaluates(event.type())) {
                evaluate(rules, ctx);
                raised = takePending();
            }
        } finally {
            lock.unlock();
        }
        if (raised != null) {
            submit(raised);
        }
    }

    /** The alerts the last evaluation raised (null when none), taken under the lock. */
    private List<Alert> takePending() {
        if (pending.isEmpty()) {
            return null;
        }
        List<Alert> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** Queues alerts for the sinks outside the lock, waiting at most maxSinkWait for them all. */
    private void submit(List<Alert> alerts) {
        long deadline = System.nanoTime() + maxWaitNanos;
        for (Alert a : alerts) {
            delivery.submit(a, deadline);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this Kestrel instance is closed");
        }
    }

    /**
     * Evaluates the rules on a field-value event (each field's value given directly, as in
     * {@code {"fields": {"proc.name": "bash"}}}), raising alerts like {@link #process}. Returns the
     * number of rules that matched. The rules are compiled for field values on first use.
     *
     * @throws RulesLoadException when the rules cannot be compiled for field values
     * @throws IllegalArgumentException when a field of the event is unknown (the message names it)
     * @throws IllegalStateException after {@link #close()}
     */
    public int processFieldValues(Map<String, Object> fields) {
        requireOpen();
        RulesGenerations.Generation g = generations.current();
        ActiveRules rules = g.fieldValues != null ? g.fieldValues : generations.rulesFor(g, EventForm.FIELD_VALUES);
        List<Alert> raised;
        int matched;
        lock.lock();
        try {
            EventContext ctx = parts.fieldValues(fields);
            counters.processed.increment();
            matched = evaluate(rules, ctx);
            raised = takePending();
        } finally {
            lock.unlock();
        }
        if (raised != null) {
            submit(raised);
        }
        return matched;
    }

    private int evaluate(ActiveRules rules, EventContext ctx) {
        evaluating = rules;
        try {
            return rules.program().evaluate(ctx, onMatch, firstOnly);
        } catch (RuntimeException e) {
            counters.evaluationErrors.increment();
            long n = counters.evaluationErrors.sum();
            if (n <= 10 || n % 1000 == 0) {
                LOG.warn("evaluating an event failed ({} failure(s) so far): {}", n, String.valueOf(e));
            }
            return 0;
        }
    }

    private void onMatch(LoadedRule rule, EventContext ctx) {
        ActiveRules.RuleOutput out = evaluating.outputs().get(rule.name());
        if (out == null) {
            return;
        }
        Alert alert = composer.compose(rule.name(), rule.priority(), RulesActivation.SYSCALL_SOURCE, out.tags(),
                out.output(), out.extraFields(), ctx);
        counters.alert(rule.name(), rule.priority(), out.tags());
        pending.add(alert);
    }

    /**
     * Forgets the system state rebuilt from events (processes, threads, fds, containers, pods, users),
     * as if this instance had just been built; the rules, sinks and counters stay. Alerts already
     * raised are still delivered. A rule test kit uses it to run many small worlds on one compiled
     * ruleset.
     */
    public void resetState() {
        lock.lock();
        try {
            parts.resetState();
        } finally {
            lock.unlock();
        }
    }

    /** Counts an event the host could not even turn into an {@link Event} (e.g. a malformed line). */
    public void countSkipped(String reason) {
        counters.skipped(reason);
    }

    /**
     * Counts what a read of JSON Lines could not use: every skipped line by its reason, and each time a
     * reading limit was hit ({@code maxEventLineBytes}, {@code maxEventJsonDepth}, {@code maxEventStringBytes})
     * among the limits in {@link #counters()}.
     */
    public void countSkippedLines(EventJsonReader.Result read) {
        read.skippedByReason().forEach(counters::skipped);
        counters.eventLinesTooLong.add(read.linesTooLong());
        counters.eventLinesTooDeep.add(read.linesTooDeep());
        counters.eventStringsCut.add(read.cutStrings());
    }

    /**
     * Reads the rules files again and, if they load and compile, swaps them in atomically while
     * events flow. Unchanged files reuse the ruleset compiled before at no cost. On errors the old
     * rules stay and the result says why.
     */
    public ReloadResult reload() {
        return generations.reload(enabledRules());
    }

    /** Replaces the rules by {@code sources} (not files), with the same guarantees as {@link #reload()}. */
    public ReloadResult reload(List<RulesSource> sources) {
        return generations.reload(sources, enabledRules());
    }

    /**
     * The event types the current system-call rules can match, so a sensor may trace only these
     * (Falco's "interesting syscalls"); every type when some rule is not limited to known types.
     * Thread-safe; a new set after each {@link #reload}.
     */
    public Set<EventType> ruleEventTypes() {
        ActiveRules r = generations.current().syscall;
        return r == null ? EnumSet.allOf(EventType.class) : r.program().eventTypes();
    }

    /**
     * The file opens the current system-call rules could match (see {@link OpenPathAnalysis}), so a
     * sensor may leave the others in the kernel; everything when there are no such rules loaded yet.
     */
    public OpenPathFilter openPathFilter() {
        ActiveRules r = generations.current().syscall;
        if (r == null) {
            return OpenPathFilter.everything();
        }
        return OpenPathAnalysis.filterRules(r.outputs().values().stream().map(o -> new OpenPathAnalysis.RuleText(
                o.rule().condition(), o.output().text() + " " + o.extraFields().stream().map(x -> x.format().text())
                        .collect(Collectors.joining(" ")))).toList());
    }

    /**
     * The host names the current system-call rules compare {@code fd.*ip.name} with (see
     * {@link HostNameAnalysis}): what a {@link HostNameResolver} resolves. Thread-safe.
     */
    public Set<String> hostNamesInRules() {
        ActiveRules r = generations.current().syscall;
        return r == null ? Set.of() : HostNameAnalysis.names(r.outputs().values().stream().map(o -> o.rule().condition()).toList());
    }

    /** How many rules run (after enabled flags, selections and the minimum priority). */
    public long enabledRules() {
        RulesGenerations.Generation g = generations.current();
        ActiveRules r = g.syscall != null ? g.syscall : g.fieldValues;
        return r == null ? 0 : r.enabledRules();
    }

    /** The warnings of the current rules' last load. */
    public List<Diagnostic> warnings() {
        RulesGenerations.Generation g = generations.current();
        ActiveRules r = g.syscall != null ? g.syscall : g.fieldValues;
        return r == null ? List.of() : r.warnings();
    }

    /** A snapshot of the counters, including every limit reached (see {@link KestrelCounters#limitsHit()}). */
    public KestrelCounters counters() {
        Map<String, Long> hits = new TreeMap<>();
        put(hits, "alertQueue", delivery.droppedQueueFull());
        put(hits, "maxAlertOutputBytes", composer.outputsCut());
        put(hits, "maxEventLineBytes", counters.eventLinesTooLong.sum());
        put(hits, "maxEventJsonDepth", counters.eventLinesTooDeep.sum());
        put(hits, "maxEventStringBytes", counters.eventStringsCut.sum());
        lock.lock();
        try {
            parts.limitsHit().forEach((k, v) -> put(hits, k, v));
        } finally {
            lock.unlock();
        }
        return counters.snapshot(delivery, hits);
    }

    private static void put(Map<String, Long> hits, String limit, long n) {
        if (n > 0) {
            hits.merge(limit, n, Long::sum);
        }
    }

    /** The limits this instance was built with. */
    public KestrelLimits limits() {
        return limits;
    }

    /**
     * The state tables' sizes and counters (taken under the engine's lock, between two events), or null
     * when the engine keeps no state.
     */
    public StateSnapshot state() {
        lock.lock();
        try {
            return parts.state();
        } finally {
            lock.unlock();
        }
    }

    /** Each rule that raised alerts, with its count and labels (Falco's {@code rules_matches}), by rule name. */
    public List<RuleMatches> ruleMatches() {
        return counters.ruleMatches(RulesActivation.SYSCALL_SOURCE);
    }

    /** The counters of every sink that keeps its own ({@link CountedSink}: the network outputs), in sink order. */
    public List<OutputCounters> outputCounters() {
        List<OutputCounters> out = new ArrayList<>();
        for (AlertSink s : delivery.sinks()) {
            if (s instanceof CountedSink c) {
                out.add(c.counters());
            }
        }
        return out;
    }

    /** The metric families of every sink that reports its own ({@link MeasuredSink}: the responder), in sink order. */
    public List<MetricFamily> sinkMetrics() {
        List<MetricFamily> out = new ArrayList<>();
        for (AlertSink s : delivery.sinks()) {
            if (s instanceof MeasuredSink m) {
                out.addAll(m.metrics());
            }
        }
        return out;
    }

    /** Waits until the alerts raised so far reached the sinks, at most {@code timeout}; true if they all did. */
    public boolean flush(Duration timeout) {
        return delivery.flush(timeout);
    }

    /**
     * Delivers the queued alerts and closes the sinks, within {@link KestrelLimits#closeTimeout()}
     * (ten seconds by default); alerts the sinks did not take by then are counted as dropped. Later
     * calls to {@code process} throw {@link IllegalStateException}; closing again does nothing.
     */
    @Override
    public void close() {
        closed = true;
        long deadline = System.nanoTime() + limits.closeTimeout().toNanos();
        delivery.flush(limits.closeTimeout());
        for (AlertSink s : delivery.sinks()) {
            if (s instanceof CountedSink c) {
                c.startClosing();
            }
        }
        delivery.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** The compiled ruleset now used for {@code form}, for identity checks in tests. */
    Object compiledRuleset(EventForm form) {
        return generations.rulesFor(generations.current(), form).program().identity();
    }
}
