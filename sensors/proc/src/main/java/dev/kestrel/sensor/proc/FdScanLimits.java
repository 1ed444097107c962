package dev.kestrel.sensor.proc;

/**
 * How much of the running processes' open fds a {@link OpenFdScanner} reads: fds per process, fds
 * in all, and bytes (UTF-8) of their names in all. What is past a limit is not read, and counted.
 *
 * @param maxFdsPerProcess the most fds kept of one process (the lowest numbers, as /proc lists them)
 * @param maxFds the most fds kept of all processes together
 * @param maxNameBytes the most bytes of fd names (paths, socket tuples) kept of all processes together
 */
public record FdScanLimits(int maxFdsPerProcess, int maxFds, long maxNameBytes) {

    /** 1,024 fds per process, 262,144 in all, 16 MiB of names. */
    public static final FdScanLimits DEFAULTS = new FdScanLimits(1_024, 262_144, 16L << 20);

    public FdScanLimits {
        if (maxFdsPerProcess < 1 || maxFds < 1 || maxNameBytes < 1) {
            throw new IllegalArgumentException("fd scan limits must be at least 1: " + maxFdsPerProcess
                    + " fds per process, " + maxFds + " fds, " + maxNameBytes + " bytes of names");
        }
    }
}
