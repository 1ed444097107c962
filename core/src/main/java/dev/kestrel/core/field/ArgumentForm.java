package dev.kestrel.core.field;

/** Whether and how a field takes an argument. */
public enum ArgumentForm {
    /** No argument: {@code proc.name}. */
    NONE,
    /** Optional integer index in brackets: {@code proc.aname} or {@code proc.aname[2]}. */
    INDEX_OPTIONAL,
    /** Required integer index in brackets: {@code proc.args[0]}... */
    INDEX_REQUIRED,
    /** Required key in brackets: {@code k8s.pod.label[app]}. */
    KEY_REQUIRED,
    /** Optional key in brackets: {@code proc.env} or {@code proc.env[HOME]}. */
    KEY_OPTIONAL,
    /** A dotted suffix or a bracket: {@code evt.arg.name}, {@code evt.arg[0]}. */
    NAME_OR_INDEX,
    /** A dotted suffix only: {@code evt.rawarg.name}, {@code evt.type.is.open}. */
    NAME_SUFFIX;

    /** Whether an argument of some kind is required. */
    public boolean required() {
        return this == INDEX_REQUIRED || this == KEY_REQUIRED || this == NAME_OR_INDEX || this == NAME_SUFFIX;
    }
}
