package dev.kestrel.engine.loader;

/** Falco's load-result codes, as Kestrel reports them in {@link Diagnostic#code()}. */
public final class LoadCodes {

    private LoadCodes() {
    }

    // errors
    public static final String FILE_READ = "LOAD_ERR_FILE_READ";
    public static final String YAML_PARSE = "LOAD_ERR_YAML_PARSE";
    public static final String YAML_VALIDATE = "LOAD_ERR_YAML_VALIDATE";
    public static final String COMPILE_CONDITION = "LOAD_ERR_COMPILE_CONDITION";
    public static final String COMPILE_OUTPUT = "LOAD_ERR_COMPILE_OUTPUT";
    public static final String VALIDATE = "LOAD_ERR_VALIDATE";

    // warnings
    public static final String UNKNOWN_SOURCE = "LOAD_UNKNOWN_SOURCE";
    public static final String NO_EVTTYPE = "LOAD_NO_EVTTYPE";
    public static final String UNKNOWN_FILTER = "LOAD_UNKNOWN_FILTER";
    public static final String UNUSED_MACRO = "LOAD_UNUSED_MACRO";
    public static final String UNUSED_LIST = "LOAD_UNUSED_LIST";
    public static final String UNKNOWN_ITEM = "LOAD_UNKNOWN_ITEM";
    public static final String DEPRECATED_ITEM = "LOAD_DEPRECATED_ITEM";
    public static final String APPEND_NO_VALUES = "LOAD_APPEND_NO_VALUES";
    public static final String EXCEPTION_NAME_NOT_UNIQUE = "LOAD_EXCEPTION_NAME_NOT_UNIQUE";
    public static final String INVALID_MACRO_NAME = "LOAD_INVALID_MACRO_NAME";
    public static final String INVALID_LIST_NAME = "LOAD_INVALID_LIST_NAME";
    public static final String COMPILE_CONDITION_WARNING = "LOAD_COMPILE_CONDITION";
    public static final String UNKNOWN_KEY = "LOAD_UNKNOWN_KEY";
}
