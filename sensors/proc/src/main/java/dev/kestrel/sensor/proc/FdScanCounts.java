package dev.kestrel.sensor.proc;

/**
 * What an fd scan kept and what it left out, by reason. Every fd a readable fd directory listed is
 * counted once: {@code kept} plus {@link #notKept()} is the number listed.
 *
 * @param kept fds delivered
 * @param overProcessLimit fds past {@link FdScanLimits#maxFdsPerProcess()}
 * @param overTotalLimit fds past {@link FdScanLimits#maxFds()}
 * @param overNameBytes fds whose name did not fit in {@link FdScanLimits#maxNameBytes()}
 * @param closedWhileRead fds closed between the listing and the reading of their link
 * @param deniedFds fds listed whose link this process may not read (another user's process, without
 *                  the right to trace it)
 * @param socketsNotFound sockets in none of the tables read (raw, packet, or closed meanwhile)
 * @param unreadableDirs fd directories that could not be read (permission); their fds are not counted
 * @param vanishedProcesses processes gone before their fd directory was read; their fds are not counted
 * @param unnamedUnixSockets unix sockets kept without a name: the {@code unix} table named them on more than
 *                           one line (a path with a newline in it, bound by anyone, forged one); part of {@code kept}
 */
public record FdScanCounts(long kept, long overProcessLimit, long overTotalLimit, long overNameBytes,
                           long closedWhileRead, long deniedFds, long socketsNotFound, long unreadableDirs,
                           long vanishedProcesses, long unnamedUnixSockets) {

    /** The fds listed but not delivered, whatever the reason. */
    public long notKept() {
        return overProcessLimit + overTotalLimit + overNameBytes + closedWhileRead + deniedFds + socketsNotFound;
    }
}
