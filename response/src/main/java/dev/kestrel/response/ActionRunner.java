package dev.kestrel.response;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a {@link ResponseJob} on the worker thread as Talon runs a match: rule after rule, each
 * rule's actions in order; an action that fails stops its rule unless {@code ignore_errors}, an
 * action whose {@code continue} is false ends its rule. Dry runs record what would have been done.
 * Every action that runs ends as one {@link ActionRecord}; those a failure or {@code continue} kept
 * from running are counted as skipped, those not started when the responder gave up waiting at close
 * as dropped (duplicates were counted when the job was planned).
 */
final class ActionRunner {

    private final boolean dryRun;
    private final Map<String, RateLimiter> limits;
    private final RateLimiter defaultLimit;
    private final ActionnerEnvironment environment;
    private final Clock wallClock;
    private final Consumer<ActionRecord> records;
    private final ActionTally tally;
    private final BooleanSupplier abandoned;

    ActionRunner(boolean dryRun, Map<String, RateLimiter> limits, RateLimiter defaultLimit,
            ActionnerEnvironment environment, Clock wallClock, Consumer<ActionRecord> records, ActionTally tally,
            BooleanSupplier abandoned) {
        this.dryRun = dryRun;
        this.limits = limits;
        this.defaultLimit = defaultLimit;
        this.environment = environment;
        this.wallClock = wallClock;
        this.records = records;
        this.tally = tally;
        this.abandoned = abandoned;
    }

    void run(ResponseJob job) {
        for (ResponseJob.PlannedRule planned : job.rules()) {
            List<ResponseJob.PlannedAction> actions = planned.actions();
            int next = 0;
            boolean dropRest = false;
            try {
                while (next < actions.size()) {
                    ResponseJob.PlannedAction p = actions.get(next);
                    RuleAction action = p.action();
                    if (abandoned.getAsBoolean()) {
                        dropRest = true;
                        break;
                    }
                    if (!p.duplicate()) {
                        ActionRecord record = execute(job, planned.rule(), p);
                        next++;
                        records.accept(record);
                        boolean failed = record.status() == ActionStatus.FAILURE
                                || record.status() == ActionStatus.RATE_LIMITED;
                        if (failed && !action.ignoreErrors()) {
                            break;
                        }
                    } else {
                        next++;
                    }
                    if (!action.continues()) {
                        break;
                    }
                }
            } finally {
                // what did not run (and was no duplicate, those are counted already) is counted as skipped
                for (int i = next; i < actions.size(); i++) {
                    if (!actions.get(i).duplicate()) {
                        String actionner = actions.get(i).action().actionner().name();
                        if (dropRest || abandoned.getAsBoolean()) {
                            tally.dropped(actionner);
                        } else {
                            tally.skipped(actionner);
                        }
                    }
                }
            }
        }
    }

    private ActionRecord execute(ResponseJob job, ResponseRule rule, ResponseJob.PlannedAction p) {
        RuleAction action = p.action();
        Actionner actionner = action.actionner();
        boolean dry = dryRun || rule.dryRun();
        if (p.target() == null) {
            return record(job, rule, action, "-", ActionStatus.FAILURE, dry, "", p.targetError(), ActionOutcome.done("", Map.of()));
        }
        ActionRequest request = new ActionRequest(job.alert(), action.parameters(), p.target(), environment);
        if (dry) {
            String would;
            try {
                would = actionner.describe(request);
            } catch (RuntimeException e) {
                would = "would run " + actionner.name() + " on " + p.target();
            }
            return record(job, rule, action, p.target(), ActionStatus.DRY_RUN, true, would, "", null);
        }
        RateLimiter limit = limits.getOrDefault(actionner.name(), defaultLimit);
        if (limit != null && !limit.tryAcquire()) {
            return record(job, rule, action, p.target(), ActionStatus.RATE_LIMITED, false, "",
                    "the rate limit of " + actionner.name() + " was reached; the action was not run", null);
        }
        try {
            ActionOutcome outcome = actionner.run(request);
            return record(job, rule, action, p.target(), outcome.done() ? ActionStatus.SUCCESS : ActionStatus.IGNORED,
                    false, outcome.message(), "", outcome);
        } catch (Exception | LinkageError e) {
            return record(job, rule, action, p.target(), ActionStatus.FAILURE, false, "", describe(e), null);
        }
    }

    private ActionRecord record(ResponseJob job, ResponseRule rule, RuleAction action, String target, ActionStatus status,
            boolean dry, String message, String error, ActionOutcome outcome) {
        return new ActionRecord(wallClock.instant(), rule.name(), action.name(), action.actionner().name(),
                job.alert().rule(), job.alert().priority().display(), job.alert().timeNanos(), target, status, dry,
                message, error, outcome == null ? Map.of() : outcome.objects(), outcome == null ? "" : outcome.output());
    }

    /** An exception as one sentence: its message (first line), or its kind when it has none. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
