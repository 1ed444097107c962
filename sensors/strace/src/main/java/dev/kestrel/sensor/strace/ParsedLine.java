package dev.kestrel.sensor.strace;

/** What one strace output line turned out to be, before unfinished/resumed pairs are joined. */
sealed interface ParsedLine {

    /** A line that is a whole record by itself. */
    record Whole(StraceRecord record) implements ParsedLine {
    }

    /** {@code name(args <unfinished ...>}: the first half of a call another line will finish. */
    record Unfinished(long pid, long timeNanos, String name, String argsHead) implements ParsedLine {
    }

    /** {@code <... name resumed>rest) = result}: the second half of an unfinished call. */
    record Resumed(long pid, long timeNanos, String name, String tail) implements ParsedLine {
    }

    /**
     * {@code +++ superseded by execve in pid T +++}: thread {@code former} of a multi-threaded
     * process called execve and took over the process id {@code leader}; its unfinished execve
     * resumes under {@code leader}.
     */
    record Superseded(long leader, long former) implements ParsedLine {
    }

    /** A line from strace itself ({@code strace: Process 42 attached}), not about a call. */
    record Message(String text) implements ParsedLine {
    }

    /**
     * A line that could not be understood.
     *
     * @param reason a short fixed phrase, usable as a counter key
     * @param syscall the system call the line seemed to be about, or null
     */
    record Garbage(String reason, String syscall) implements ParsedLine {
    }
}
