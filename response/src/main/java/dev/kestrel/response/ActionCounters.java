package dev.kestrel.response;

/**
 * What became of one actionner's actions. {@code planned}: every action of a matched response rule
 * for a matched alert. Each ends exactly once: run and recorded ({@code success}, {@code ignored},
 * {@code dryRun}, {@code failure}, {@code rateLimited}), {@code deduplicated} (the same action on
 * the same target already ran in the window), {@code dropped} (its alert did not fit in the queue,
 * or was still queued when the responder closed) or {@code skipped} (an earlier action of its rule
 * failed or ended the rule). Until then it is pending; once the responder is closed,
 * {@code planned == ended()}. Immutable.
 */
public record ActionCounters(long planned, long success, long ignored, long dryRun, long failure, long rateLimited,
        long deduplicated, long dropped, long skipped) {

    /** No actions. */
    public static final ActionCounters NONE = new ActionCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The actions that ended, however. */
    public long ended() {
        return success + ignored + dryRun + failure + rateLimited + deduplicated + dropped + skipped;
    }

    /** The actions planned but not ended yet (queued or running). */
    public long pending() {
        return planned - ended();
    }

    /** The actions recorded with {@code status}. */
    public long of(ActionStatus status) {
        return switch (status) {
            case SUCCESS -> success;
            case IGNORED -> ignored;
            case DRY_RUN -> dryRun;
            case FAILURE -> failure;
            case RATE_LIMITED -> rateLimited;
        };
    }

    /** The sum of these and {@code other}. */
    public ActionCounters plus(ActionCounters o) {
        return new ActionCounters(planned + o.planned, success + o.success, ignored + o.ignored, dryRun + o.dryRun,
                failure + o.failure, rateLimited + o.rateLimited, deduplicated + o.deduplicated, dropped + o.dropped,
                skipped + o.skipped);
    }
}
