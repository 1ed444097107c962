package dev.kestrel.sensor.strace;

/**
 * One complete thing strace reported about a traced process: a finished system call, the end of a
 * process, or a delivered signal. Unfinished/resumed line pairs are already joined into one record.
 */
public sealed interface StraceRecord permits SyscallRecord, ExitRecord, SignalRecord {

    /** The thread id strace printed (the process id for a single-threaded process). */
    long pid();

    /** Wall-clock time of the line, in nanoseconds since the epoch (from {@code -ttt}). */
    long timeNanos();
}
