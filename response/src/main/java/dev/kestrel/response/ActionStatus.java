package dev.kestrel.response;

import java.util.Locale;

/** How an action ended, as recorded. */
public enum ActionStatus {
    /** The actionner did it. */
    SUCCESS,
    /** The actionner chose not to act (e.g. a DaemonSet's pod, told to ignore those). */
    IGNORED,
    /** Dry run: recorded what would have been done, did nothing. */
    DRY_RUN,
    /** The action failed or could not start (its error is recorded). */
    FAILURE,
    /** The actionner's rate limit was reached; the action was not run. */
    RATE_LIMITED;

    /** The lower-case name used in the audit file and on the command line. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
