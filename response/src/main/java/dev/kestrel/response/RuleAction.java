package dev.kestrel.response;

/**
 * One action of a response rule once its {@code - action:} definition is merged in: the actionner,
 * the merged parameters, {@code continue} (null: the actionner's default) and {@code ignore_errors}.
 * Immutable.
 */
record RuleAction(String name, String description, Actionner actionner, ActionParameters parameters,
        Boolean continueAfter, boolean ignoreErrors) {

    /** Whether the rule's next action runs after this one. */
    boolean continues() {
        return continueAfter != null ? continueAfter : actionner.continueByDefault();
    }
}
