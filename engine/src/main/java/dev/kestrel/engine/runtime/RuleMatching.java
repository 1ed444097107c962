package dev.kestrel.engine.runtime;

/** Falco's {@code rule_matching}: stop at the first rule that matches an event, or report all. */
public enum RuleMatching {
    /** Falco's default: only the first matching rule (in load order) alerts for an event. */
    FIRST,
    /** Every matching rule alerts. */
    ALL
}
