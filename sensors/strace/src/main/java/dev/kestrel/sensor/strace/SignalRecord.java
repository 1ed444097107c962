package dev.kestrel.sensor.strace;

/**
 * A signal delivered to a traced thread ({@code --- SIGCHLD {...} ---}) or a stop it reported.
 *
 * @param signal the signal name, e.g. {@code SIGCHLD}
 * @param details the text strace printed after the name, e.g. the {@code siginfo} braces; may be empty
 */
public record SignalRecord(long pid, long timeNanos, String signal, String details) implements StraceRecord {
}
