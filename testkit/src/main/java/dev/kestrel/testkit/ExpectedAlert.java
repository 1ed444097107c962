package dev.kestrel.testkit;

import dev.kestrel.core.Priority;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An alert a rule test expects. Immutable.
 *
 * @param rule the rule's name, exactly
 * @param priority the priority it must have; null: any
 * @param count how many alerts of this expectation; null: at least one (all that match are taken)
 * @param outputFields fields the alert must carry with these values (a subset of its output_fields,
 *                     values compared as text; {@code <NA>} for a field without value); never null
 * @param output text the alert's output line must contain; null: any
 */
public record ExpectedAlert(String rule, Priority priority, Integer count, Map<String, String> outputFields,
        String output) {

    public ExpectedAlert {
        Objects.requireNonNull(rule, "rule");
        outputFields = Collections.unmodifiableMap(new LinkedHashMap<>(
                outputFields == null ? Map.of() : outputFields));
        if (count != null && count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
    }

    /** At least one alert of {@code rule}. */
    public static ExpectedAlert of(String rule) {
        return new ExpectedAlert(rule, null, null, Map.of(), null);
    }
}
