package dev.kestrel.bench.baseline;

/**
 * A condition uses something the MVEL translation does not cover (a transformer, {@code val()}, a
 * modifier, a field without a usable value type). The rule is left out of the MVEL baseline and
 * counted, never silently dropped.
 */
public final class UnsupportedConditionException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnsupportedConditionException(String message) {
        super(message);
    }
}
