package dev.kestrel.engine.loader;

/**
 * Falco's load-result codes: every {@link Diagnostic} carries one. The constant names are Falco's
 * own ({@code LOAD_ERR_*} for errors, {@code LOAD_*} for warnings) and {@link #text()} prints them,
 * so tools that read Falco's output read Kestrel's. Immutable; safe to share.
 */
public enum DiagnosticCode {
    // errors
    LOAD_ERR_FILE_READ(Diagnostic.Severity.ERROR, "File read error"),
    LOAD_ERR_YAML_PARSE(Diagnostic.Severity.ERROR, "YAML parse error"),
    LOAD_ERR_YAML_VALIDATE(Diagnostic.Severity.ERROR, "Error validating internal structure of YAML file"),
    LOAD_ERR_COMPILE_CONDITION(Diagnostic.Severity.ERROR, "Error compiling condition"),
    LOAD_ERR_COMPILE_OUTPUT(Diagnostic.Severity.ERROR, "Error compiling output"),
    LOAD_ERR_VALIDATE(Diagnostic.Severity.ERROR, "Error validating rule/macro/list/exception objects"),
    // warnings
    LOAD_UNKNOWN_SOURCE(Diagnostic.Severity.WARNING, "Unknown event source"),
    LOAD_UNSAFE_NA_CHECK(Diagnostic.Severity.WARNING, "Unsafe <NA> comparison in condition"),
    LOAD_NO_EVTTYPE(Diagnostic.Severity.WARNING, "Condition has no event-type restriction"),
    LOAD_UNKNOWN_FILTER(Diagnostic.Severity.WARNING, "Unknown field or event-type in condition or output"),
    LOAD_UNUSED_MACRO(Diagnostic.Severity.WARNING, "Unused macro"),
    LOAD_UNUSED_LIST(Diagnostic.Severity.WARNING, "Unused list"),
    LOAD_UNKNOWN_ITEM(Diagnostic.Severity.WARNING, "Unknown rules file item"),
    LOAD_DEPRECATED_ITEM(Diagnostic.Severity.WARNING, "Used deprecated item"),
    LOAD_APPEND_NO_VALUES(Diagnostic.Severity.WARNING, "Overriding/appending with no values"),
    LOAD_EXCEPTION_NAME_NOT_UNIQUE(Diagnostic.Severity.WARNING, "Multiple exceptions defined with the same name"),
    LOAD_INVALID_MACRO_NAME(Diagnostic.Severity.WARNING, "Invalid macro name"),
    LOAD_INVALID_LIST_NAME(Diagnostic.Severity.WARNING, "Invalid list name"),
    LOAD_COMPILE_CONDITION(Diagnostic.Severity.WARNING, "Warning in rule condition"),
    LOAD_UNKNOWN_KEY(Diagnostic.Severity.WARNING, "Unknown key in item definition"),
    // kestrel.yaml (Kestrel's own codes: Falco reports config problems as plain text)
    CONFIG_READ(Diagnostic.Severity.ERROR, "Config file read error"),
    CONFIG_YAML(Diagnostic.Severity.ERROR, "Config YAML parse error"),
    CONFIG_UNKNOWN_KEY(Diagnostic.Severity.ERROR, "Unknown config key"),
    CONFIG_WRONG_TYPE(Diagnostic.Severity.ERROR, "Config value of the wrong type"),
    CONFIG_BAD_VALUE(Diagnostic.Severity.ERROR, "Invalid config value"),
    CONFIG_MISSING_MODULE(Diagnostic.Severity.ERROR, "Config section needs a module not on the class path"),
    CONFIG_ENV(Diagnostic.Severity.ERROR, "Config environment variable not set"),
    CONFIG_NOT_IMPLEMENTED(Diagnostic.Severity.WARNING, "Config setting Kestrel ignores"),
    CONFIG_ADVICE(Diagnostic.Severity.WARNING, "Config setting with a surprising effect");

    private final Diagnostic.Severity severity;
    private final String title;

    DiagnosticCode(Diagnostic.Severity severity, String title) {
        this.severity = severity;
        this.title = title;
    }

    /** The code as Falco prints it, e.g. {@code LOAD_ERR_COMPILE_CONDITION}. */
    public String text() {
        return name();
    }

    /** Whether Falco treats this code as an error (the load fails) or a warning. */
    public Diagnostic.Severity severity() {
        return severity;
    }

    /** Falco's short title for the code, e.g. "Error compiling condition". */
    public String title() {
        return title;
    }

    /** The code spelled {@code text}, or null when Falco has no such code. */
    public static DiagnosticCode fromText(String text) {
        for (DiagnosticCode c : values()) {
            if (c.name().equals(text)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name();
    }
}
