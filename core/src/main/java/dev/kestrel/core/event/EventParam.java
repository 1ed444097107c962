package dev.kestrel.core.event;

/**
 * One parameter of an event type: its Falco name ({@code fd}, {@code name}, {@code flags}...), the
 * slot where {@link Event} stores it, its kind, and for {@link ParamKind#FLAGS} the names table.
 */
public record EventParam(String name, int slot, ParamKind kind, FlagTable flags) {
}
