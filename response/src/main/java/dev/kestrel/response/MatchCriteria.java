package dev.kestrel.response;

import dev.kestrel.core.alert.Alert;
import java.util.List;
import java.util.stream.Stream;

/**
 * A response rule's {@code match}: every part given must hold, an empty part holds for every alert.
 * {@code rules}: the alert's rule is one of them. {@code priority}: the comparison holds.
 * {@code source}: equal. {@code tags}: every tag of every group is on the alert (Talon takes the groups
 * as alternatives; the reader warns when a rule has more than one).
 * {@code outputFields}: one of the groups has all its conditions hold. Immutable.
 */
record MatchCriteria(List<String> rules, PriorityCondition priority, String source, List<List<String>> tags,
        List<List<FieldCondition>> outputFields) {

    static final MatchCriteria ANY = new MatchCriteria(List.of(), null, null, List.of(), List.of());

    MatchCriteria {
        rules = List.copyOf(rules);
        tags = tags.stream().map(List::copyOf).toList();
        outputFields = outputFields.stream().map(List::copyOf).toList();
    }

    boolean matches(Alert alert) {
        if (!rules.isEmpty() && !rules.contains(alert.rule())) {
            return false;
        }
        if (priority != null && !priority.test(alert.priority())) {
            return false;
        }
        if (source != null && !source.equals(alert.source())) {
            return false;
        }
        for (List<String> group : tags) {
            if (!alert.tags().containsAll(group)) {
                return false;
            }
        }
        return outputFields.isEmpty()
                || outputFields.stream().anyMatch(group -> group.stream().allMatch(c -> c.test(alert.outputFields())));
    }

    /** This criteria with {@code later}'s lists appended and its priority and source, when given, replacing these. */
    MatchCriteria extendedBy(MatchCriteria later) {
        return new MatchCriteria(concat(rules, later.rules), later.priority != null ? later.priority : priority,
                later.source != null ? later.source : source, concat(tags, later.tags),
                concat(outputFields, later.outputFields));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return b.isEmpty() ? a : a.isEmpty() ? b : Stream.concat(a.stream(), b.stream()).toList();
    }
}
