package dev.kestrel.sensor.strace;

/**
 * A traced thread is gone: {@code +++ exited with N +++} or {@code +++ killed by SIGNAL +++}.
 *
 * @param status the exit status, or -1 when the thread was killed
 * @param signal the killing signal (e.g. {@code SIGKILL}), or null when it exited
 * @param coreDumped whether strace said "(core dumped)"
 */
public record ExitRecord(long pid, long timeNanos, int status, String signal, boolean coreDumped)
        implements StraceRecord {
}
