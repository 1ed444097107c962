package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import dev.kestrel.engine.loader.Diagnostic;
import dev.kestrel.engine.sink.MeasuredSink;
import dev.kestrel.engine.sink.MetricFamily;
import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on alerts with Falco Talon-style response rules: an {@link AlertSink} that matches each alert
 * against the rules and hands the matched ones to its own worker thread through a bounded queue, so
 * {@link #accept} never waits on an API server. The same action on the same target runs once per
 * deduplication window; each actionner has a rate limit; every action ends as an {@link ActionRecord}
 * given to the listeners and the audit file, and counted; the slf4j log gets it at info (warn when it
 * failed) when there is neither, at debug otherwise.
 *
 * <pre>{@code
 * Responder responder = Responder.builder().rules(Path.of("response_rules.yaml")).listener(r -> log(r.line())).build();
 * Kestrel kestrel = Kestrel.builder().defaultRules().sink(responder).build();
 * }</pre>
 *
 * <p>Thread safety: all methods may be called from any thread; actions run one at a time on the worker.
 */
public final class Responder implements MeasuredSink {

    private static final Logger LOG = LoggerFactory.getLogger(Responder.class);
    private static final ResponseJob STOP = new ResponseJob(null, List.of(), 0);

    private final List<ResponseRule> rules;
    private final List<Diagnostic> warnings;
    private final Deduplicator dedup;
    private final boolean dedupEnabled;
    private final LinkedBlockingQueue<ResponseJob> queue = new LinkedBlockingQueue<>();
    private final int capacity;
    private final long maxBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final ActionRunner runner;
    private final SharedEnvironment environment;
    private final List<ActionListener> listeners;
    private final AuditLog audit;
    private final Thread worker;
    private final Object progress = new Object();
    private final LongAdder received = new LongAdder();
    private final LongAdder matched = new LongAdder();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder listenerErrors = new LongAdder();
    private final LongAdder auditErrors = new LongAdder();
    private final ActionTally tally;
    private final boolean quietLog;
    private volatile boolean closed;
    private volatile boolean abandoned;

    Responder(ResponderBuilder b) {
        Map<String, Actionner> actionners = actionners(b.actionners);
        String name;
        String text;
        if (b.rulesFile != null) {
            name = b.rulesFile.toString();
            try {
                text = ResponseRulesFile.text(b.rulesFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the response rules file " + b.rulesFile + ": "
                        + BoundedTextFile.whyUnreadable(e), e);
            }
        } else {
            name = b.rulesName;
            text = b.rulesText;
        }
        List<Diagnostic> errors = new ArrayList<>();
        List<Diagnostic> found = new ArrayList<>();
        List<ResponseRule> read = read(name, text, actionners, errors, found);
        if (read == null || !errors.isEmpty()) {
            throw new ResponseRulesException(errors);
        }
        this.rules = read;
        this.warnings = List.copyOf(found);
        this.tally = new ActionTally(read.stream().flatMap(r -> r.actions().stream()).map(a -> a.actionner().name())
                .distinct().toList());
        this.dedupEnabled = !b.dedupWindow.isZero();
        this.dedup = new Deduplicator(b.dedupWindow.toNanos(), b.maxDedupKeys, b.ticker);
        this.capacity = b.queueCapacity;
        this.maxBytes = b.queueBytes;
        this.listeners = List.copyOf(b.listeners);
        this.quietLog = !listeners.isEmpty() || b.auditFile != null;
        this.environment = new SharedEnvironment(b.settings, b.callTimeout);
        Map<String, RateLimiter> limits = new HashMap<>();
        b.rateLimits.forEach((k, v) -> limits.put(k, new RateLimiter(v[0], (int) v[1], b.ticker)));
        RateLimiter defaultLimit = new RateLimiter(b.defaultRate, b.defaultBurst, b.ticker);
        Map<String, RateLimiter> perActionner = new HashMap<>();
        for (String a : actionners.keySet()) {
            perActionner.put(a, limits.containsKey(a) ? limits.get(a) : new RateLimiter(b.defaultRate, b.defaultBurst, b.ticker));
        }
        this.runner = new ActionRunner(b.dryRun, perActionner, defaultLimit, environment, b.wallClock, this::record,
                tally, () -> abandoned);
        try {
            this.audit = b.auditFile == null ? null : new AuditLog(b.auditFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the response audit file " + b.auditFile + ": " + e.getMessage(), e);
        }
        this.worker = new Thread(this::work, "kestrel-response");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** The ServiceLoader's actionners, then {@code extra} (replacing those of the same name). */
    private static Map<String, Actionner> actionners(List<Actionner> extra) {
        Map<String, Actionner> actionners = new LinkedHashMap<>();
        ServiceLoader.load(Actionner.class, Responder.class.getClassLoader()).forEach(a -> actionners.put(a.name(), a));
        extra.forEach(a -> actionners.put(a.name(), a));
        return actionners;
    }

    private static List<ResponseRule> read(String name, String text, Map<String, Actionner> actionners,
            List<Diagnostic> errors, List<Diagnostic> warnings) {
        return new TalonRulesReader(actionners, d -> (d.severity() == Diagnostic.Severity.ERROR ? errors : warnings).add(d))
                .read(name, text);
    }

    /** What checking a response rules file found: each problem as {@code FILE:LINE:COL: severity: CODE: message}. */
    record RulesCheck(List<String> errors, List<String> warnings) {
    }

    /** The errors and warnings of the response rules file {@code file} with the built-in actionners. */
    static RulesCheck check(Path file) {
        String text;
        try {
            text = ResponseRulesFile.text(file);
        } catch (IOException e) {
            return new RulesCheck(List.of("cannot read the response rules file " + file + ": "
                    + BoundedTextFile.whyUnreadable(e)), List.of());
        }
        List<Diagnostic> errors = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        read(file.toString(), text, actionners(List.of()), errors, warnings);
        return new RulesCheck(errors.stream().map(Diagnostic::format).toList(),
                warnings.stream().map(Diagnostic::format).toList());
    }

    /** A builder with no rules yet and the defaults {@link ResponderBuilder} lists. */
    public static ResponderBuilder builder() {
        return new ResponderBuilder();
    }

    @Override
    public String name() {
        return "response";
    }

    /** Warnings found reading the rules (unknown keys, unsupported settings), each with file, line and column. */
    public List<Diagnostic> warnings() {
        return warnings;
    }

    /** How many response rules were loaded. */
    public int ruleCount() {
        return rules.size();
    }

    /**
     * Matches {@code alert} and queues its actions; never waits. Every action of a matched rule is
     * counted as planned, and at once as deduplicated when it already ran in the window. A full queue
     * drops the job and counts it and its actions; so does a closed responder.
     */
    @Override
    public void accept(Alert alert) {
        received.increment();
        List<ResponseJob.PlannedRule> planned = new ArrayList<>(2);
        boolean anyToRun = false;
        for (ResponseRule rule : matching(rules, alert)) {
            List<ResponseJob.PlannedAction> actions = new ArrayList<>(rule.actions().size());
            for (RuleAction action : rule.actions()) {
                ResponseJob.PlannedAction p = plan(alert, action);
                tally.planned(action.actionner().name());
                if (p.duplicate()) {
                    tally.deduplicated(action.actionner().name());
                } else {
                    anyToRun = true;
                }
                actions.add(p);
            }
            planned.add(new ResponseJob.PlannedRule(rule, actions));
        }
        if (planned.isEmpty()) {
            return;
        }
        matched.increment();
        if (!anyToRun) {
            return;
        }
        long bytes = ResponseJob.estimateBytes(alert);
        if (closed || queue.size() >= capacity || queuedBytes.get() + bytes > maxBytes) {
            drop(new ResponseJob(alert, planned, 0));
            long n = dropped.sum();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("response queue full or closed: {} matched alert(s) dropped so far (rule '{}')", n, alert.rule());
            }
            return;
        }
        ResponseJob job = new ResponseJob(alert, planned, bytes);
        queuedBytes.addAndGet(bytes);
        queued.incrementAndGet();
        queue.add(job);
        if (closed && queue.remove(job)) {
            // close() emptied the queue between the check above and the add: this job will never run
            queuedBytes.addAndGet(-bytes);
            finished.incrementAndGet();
            drop(job);
        }
    }

    /** Counts {@code job} as dropped, and each of its actions that was to run. */
    private void drop(ResponseJob job) {
        dropped.increment();
        for (ResponseJob.PlannedRule r : job.rules()) {
            for (ResponseJob.PlannedAction a : r.actions()) {
                if (!a.duplicate()) {
                    tally.dropped(a.action().actionner().name());
                }
            }
        }
    }

    /** The rules {@code alert} matches, in file order, up to the first matching one with {@code continue: false}. */
    static List<ResponseRule> matching(List<ResponseRule> rules, Alert alert) {
        List<ResponseRule> out = new ArrayList<>(2);
        for (ResponseRule rule : rules) {
            if (rule.matches(alert)) {
                out.add(rule);
                if (!rule.continueAfter()) {
                    break;
                }
            }
        }
        return out;
    }

    private ResponseJob.PlannedAction plan(Alert alert, RuleAction action) {
        String target;
        try {
            target = action.actionner().target(alert, action.parameters());
        } catch (RuntimeException e) {
            return new ResponseJob.PlannedAction(action, null, ActionRunner.describe(e), false);
        }
        String key = action.actionner().name() + '\u0000' + action.name() + '\u0000' + target;
        boolean duplicate = dedupEnabled && !dedup.firstInWindow(key);
        return new ResponseJob.PlannedAction(action, target, null, duplicate);
    }

    private void work() {
        while (true) {
            ResponseJob job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (job == STOP) {
                return;
            }
            try {
                if (abandoned) {
                    drop(job); // close gave up waiting: what is still queued is dropped, not run
                } else {
                    runner.run(job);
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("a response job for rule '{}' failed: {}", job.alert().rule(), String.valueOf(e));
                LOG.debug("response job failure", e);
            } finally {
                queuedBytes.addAndGet(-job.bytes());
                finished.incrementAndGet();
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        }
    }

    private void record(ActionRecord r) {
        tally.ended(r.actionner(), r.status());
        if (quietLog) {
            LOG.debug("{}", r.line());
        } else if (r.status() == ActionStatus.FAILURE || r.status() == ActionStatus.RATE_LIMITED) {
            LOG.warn("{}", r.line());
        } else {
            LOG.info("{}", r.line());
        }
        if (audit != null) {
            try {
                audit.write(r);
            } catch (IOException e) {
                auditErrors.increment();
                LOG.warn("cannot write the response audit file: {}", String.valueOf(e));
            }
        }
        for (ActionListener l : listeners) {
            try {
                l.onAction(r);
            } catch (RuntimeException e) {
                listenerErrors.increment();
                LOG.warn("an action listener failed: {}", String.valueOf(e));
            }
        }
    }

    /** The counters now. */
    public ResponseCounters counters() {
        long waiting = 0;
        for (ResponseJob j : queue) {
            if (j != STOP) {
                waiting++;
            }
        }
        return new ResponseCounters(received.sum(), matched.sum(), queued.get(), dropped.sum(), waiting,
                Math.max(0, queuedBytes.get()), tally.snapshot(), dedup.evicted(), listenerErrors.sum(), auditErrors.sum());
    }

    /** The counters as Prometheus families ({@code kestrel_response_*}); docs/response.md lists them. */
    @Override
    public List<MetricFamily> metrics() {
        return ResponseMetrics.families(counters());
    }

    /**
     * Waits until every job queued before this call has run, or {@code timeout} passed; returns
     * whether all ran.
     */
    public boolean flush(Duration timeout) {
        long target = queued.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (finished.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !worker.isAlive()) {
                    return finished.get() >= target;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, 50_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Runs what is queued (waiting at most {@code timeout}), then stops the worker and closes the
     * audit file and shared clients. Jobs still queued then are dropped and counted; a worker still
     * busy is interrupted, and the actions it has not started are counted as dropped.
     */
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        flush(timeout);
        closed = true;
        queue.add(STOP);
        try {
            worker.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            abandoned = true; // the worker counts what it has not started as dropped
            worker.interrupt();
        }
        int left = 0;
        ResponseJob j;
        while ((j = queue.poll()) != null) {
            if (j != STOP) {
                left++;
                queuedBytes.addAndGet(-j.bytes());
                finished.incrementAndGet();
                drop(j);
            }
        }
        if (left > 0) {
            LOG.warn("{} response job(s) were still queued when the responder closed and were dropped", left);
        }
        if (worker.isAlive()) {
            queue.add(STOP);
            try {
                // a bounded wait for the interrupted action, so that its record is counted before close returns
                worker.join(Math.max(1, Math.min(timeout.toMillis(), 5_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        environment.close();
        if (audit != null) {
            try {
                audit.close();
            } catch (IOException e) {
                auditErrors.increment();
            }
        }
    }

    /** Same as {@code close(Duration.ofSeconds(30))}. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
