package dev.kestrel.sensor.strace;

import java.util.List;

/** Linux signal numbers by name (x86-64 and arm64 share them for the standard signals). */
final class Signals {

    private static final List<String> NAMES = List.of("", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP",
            "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM",
            "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
            "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS");

    private Signals() {
    }

    /** The number of signal {@code name}, or 0 when unknown. */
    static int number(String name) {
        int i = NAMES.indexOf(name);
        return Math.max(i, 0);
    }
}
