package dev.kestrel.engine.loader;

/**
 * Maps an offset in a loaded rule's condition text ({@link LoadedRule#conditionText()}, the positions
 * its AST carries) back to the rules file, so a problem found after loading is reported where the
 * condition says it. Immutable and thread-safe.
 */
@FunctionalInterface
public interface ConditionLocator {

    /** A diagnostic for the condition character at {@code offset} (clamped into the text). */
    Diagnostic diagnosticAt(int offset, DiagnosticCode code, String message);

}
