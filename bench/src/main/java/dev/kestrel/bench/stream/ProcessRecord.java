package dev.kestrel.bench.stream;

import java.util.List;

/**
 * A thread known before the stream starts, as a sensor learns it from {@code /proc}: what the
 * stream's state begins with. {@code containerId} is null on the host; {@code tty} is 0 without a
 * terminal.
 */
public record ProcessRecord(long tid, long pid, long ppid, String comm, String exe, List<String> args,
        String cwd, long tty, long uid, long gid, String user, String containerId, long startNanos) {

    public ProcessRecord {
        args = List.copyOf(args);
    }
}
