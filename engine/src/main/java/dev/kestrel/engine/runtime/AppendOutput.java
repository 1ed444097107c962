package dev.kestrel.engine.runtime;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of Falco's {@code append_output}: for the rules it matches (every selector given must
 * match: {@code source}, all of {@code tags}, {@code rule} by name; empty means any), text added to
 * the end of the output and fields added to {@code output_fields}. Immutable.
 *
 * @param source the rule source to match, or empty for any
 * @param tags tags the rule must all carry (empty: any rule)
 * @param rule the rule name to match, or empty for any
 * @param extraOutput text appended to the output after one blank, or empty
 * @param extraFields fields added to the JSON alert's {@code output_fields}
 */
public record AppendOutput(String source, Set<String> tags, String rule, String extraOutput, List<ExtraField> extraFields) {

    /**
     * A field added to {@code output_fields}: {@code raw} ones are a field name whose typed value is
     * reported ({@code k8s.ns.name}); the others are a format whose text is reported under {@code key}
     * ({@code cluster: "prod-1"} or {@code pod: "%k8s.pod.name"}).
     */
    public record ExtraField(String key, String format, boolean raw) {
        public ExtraField {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(format, "format");
        }

        /** A field reported with its typed value under its own name. */
        public static ExtraField raw(String field) {
            return new ExtraField(field, "%" + field, true);
        }

        /** A format reported as text under {@code key}. */
        public static ExtraField formatted(String key, String format) {
            return new ExtraField(key, format, false);
        }
    }

    public AppendOutput {
        source = source == null ? "" : source;
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        rule = rule == null ? "" : rule;
        extraOutput = extraOutput == null ? "" : extraOutput.trim();
        extraFields = extraFields == null ? List.of() : List.copyOf(extraFields);
    }

    /** Text appended to every rule's output. */
    public static AppendOutput everywhere(String extraOutput) {
        return new AppendOutput("", Set.of(), "", extraOutput, List.of());
    }

    /** Whether this entry applies to a rule named {@code name} of {@code ruleSource} carrying {@code ruleTags}. */
    public boolean matches(String name, String ruleSource, Collection<String> ruleTags) {
        return (source.isEmpty() || source.equals(ruleSource))
                && ruleTags.containsAll(tags)
                && (rule.isEmpty() || rule.equals(name));
    }
}
