package dev.kestrel.response.actionners;

import dev.kestrel.response.ActionParameters;

/**
 * Talon's {@code min_healthy_replicas} of {@code kubernetes:terminate}: a count ({@code 2}) or a
 * percentage of the owner's desired replicas ({@code 50%}) that must be ready for a pod to be
 * deleted. A percentage is rounded up: 50% of 3 replicas needs 2 ready. Immutable.
 */
record MinHealthyReplicas(long value, boolean percent) {

    /**
     * Reads the parameter {@code name} as written ({@code 2}, {@code "50%"}).
     *
     * @throws ActionParameters.InvalidParameterException when it is neither a whole number nor a
     *     percentage from 0% to 100%
     */
    static MinHealthyReplicas parse(String name, String text) {
        String t = text.trim();
        boolean percent = t.endsWith("%");
        String digits = percent ? t.substring(0, t.length() - 1).trim() : t;
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new ActionParameters.InvalidParameterException(name, "parameter '" + name + "' must be a number of"
                    + " replicas (2) or a percentage of the owner's replicas (\"50%\"), was '" + text + "'");
        }
        if (n < 0 || (percent && n > 100) || (!percent && n > 1_000_000)) {
            throw new ActionParameters.InvalidParameterException(name, "parameter '" + name + "' must be "
                    + (percent ? "a percentage from 0% to 100%" : "a number of replicas from 0 to 1000000") + ", was '"
                    + text + "'");
        }
        return new MinHealthyReplicas(n, percent);
    }

    /** The ready replicas needed out of {@code desired}. */
    long required(long desired) {
        return percent ? (value * Math.max(0, desired) + 99) / 100 : value;
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
