package dev.kestrel.response;

import dev.kestrel.core.Priority;

/**
 * A priority comparison of Talon's {@code match.priority}, e.g. {@code >=Critical}: more severe
 * compares greater (Debug lowest, Emergency highest). Immutable.
 */
record PriorityCondition(String comparator, Priority priority) {

    boolean test(Priority alert) {
        int c = Integer.compare(severity(alert), severity(priority));
        return switch (comparator) {
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            default -> c == 0;
        };
    }

    /** 1 for Debug up to 8 for Emergency, as Talon numbers them. */
    static int severity(Priority p) {
        return Priority.values().length - p.ordinal();
    }

    @Override
    public String toString() {
        return comparator + priority.display();
    }
}
