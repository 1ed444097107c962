package dev.kestrel.engine.runtime;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One step of choosing which rules run, as Falco's {@code rules:} configuration: enable or disable
 * the rules whose name matches a pattern ({@code *} matches any text, otherwise the whole name must
 * match) or that carry a tag. Steps apply in order on top of each rule's own {@code enabled}.
 */
public record RuleSelection(boolean enable, Kind kind, String pattern) {

    /** What a selection matches on. */
    public enum Kind { NAME, TAG }

    public RuleSelection {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(pattern, "pattern");
    }

    public static RuleSelection enableName(String pattern) {
        return new RuleSelection(true, Kind.NAME, pattern);
    }

    public static RuleSelection disableName(String pattern) {
        return new RuleSelection(false, Kind.NAME, pattern);
    }

    public static RuleSelection enableTag(String tag) {
        return new RuleSelection(true, Kind.TAG, tag);
    }

    public static RuleSelection disableTag(String tag) {
        return new RuleSelection(false, Kind.TAG, tag);
    }

    /** Whether this step applies to the rule called {@code name} with {@code tags}. */
    public boolean matches(String name, Set<String> tags) {
        if (kind == Kind.TAG) {
            return tags.contains(pattern);
        }
        if (pattern.isEmpty()) {
            return true;
        }
        if (pattern.indexOf('*') < 0) {
            return pattern.equals(name);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = pattern.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? ".*" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }
}
