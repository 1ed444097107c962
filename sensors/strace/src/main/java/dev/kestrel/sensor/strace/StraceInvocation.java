package dev.kestrel.sensor.strace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How strace is run: either a command it starts and follows, or running processes it attaches to.
 * The options are chosen for what rules need:
 * <ul>
 *   <li>{@code -f}: follow every child and thread;</li>
 *   <li>{@code -ttt}: epoch timestamps with microseconds;</li>
 *   <li>{@code -yy}: file descriptors printed with their path or socket addresses;</li>
 *   <li>{@code -s 4096}: strings (paths, arguments) up to 4096 bytes before strace cuts them;</li>
 *   <li>{@code -q}: no attach/detach chatter, but exits are still reported;</li>
 *   <li>{@code -e signal=none}: signal deliveries are not printed (rules do not read them);</li>
 *   <li>{@code -e trace=...}: only the calls Kestrel turns into events, each prefixed with
 *       {@code ?} so a call this architecture lacks (e.g. {@code open} on arm64) is not an error;</li>
 *   <li>{@code --seccomp-bpf} (command mode only): the kernel stops the tracee only for traced
 *       calls, which cuts ptrace's overhead a lot;</li>
 *   <li>{@code -o FILE}: the trace goes to a pipe Kestrel reads, away from the command's own output.</li>
 * </ul>
 *
 * @param executable the strace program ({@code strace} is looked up on the PATH)
 * @param command the command to run and trace; empty when attaching
 * @param pids the processes to attach to; empty when running a command
 */
public record StraceInvocation(String executable, List<String> command, List<Long> pids) {

    /** The system calls traced; each becomes an event or updates the fd table. */
    public static final List<String> TRACED_CALLS = List.of(
            "clone", "clone3", "fork", "vfork", "execve", "execveat",
            "open", "openat", "openat2", "creat", "close", "dup", "dup2", "dup3", "fcntl",
            "socket", "connect", "accept", "accept4", "bind", "listen", "sendto", "recvfrom",
            "rename", "renameat", "renameat2", "unlink", "unlinkat", "mkdir", "mkdirat", "rmdir",
            "symlink", "symlinkat", "link", "linkat", "chmod", "fchmod", "fchmodat",
            "setuid", "setgid", "setresuid", "setresgid", "ptrace", "memfd_create",
            "init_module", "finit_module", "chdir", "fchdir");

    /** Longest string strace prints before cutting it with {@code ...}. */
    public static final int STRING_LIMIT = 4096;

    public StraceInvocation {
        command = List.copyOf(command);
        pids = List.copyOf(pids);
        if (command.isEmpty() == pids.isEmpty()) {
            throw new IllegalArgumentException("give either a command to run or pids to attach to, not both or neither");
        }
    }

    /** Runs and traces {@code command}. */
    public static StraceInvocation command(String executable, List<String> command) {
        return new StraceInvocation(executable, command, List.of());
    }

    /** Attaches to the running {@code pids}. */
    public static StraceInvocation attach(String executable, List<Long> pids) {
        return new StraceInvocation(executable, List.of(), pids);
    }

    /** True when attaching to running processes. */
    public boolean attaching() {
        return command.isEmpty();
    }

    /** The full argument vector, writing the trace to {@code output}. */
    public List<String> argv(Path output) {
        List<String> argv = new ArrayList<>(List.of(executable, "-f", "-ttt", "-yy", "-s", Integer.toString(STRING_LIMIT),
                "-q", "-e", "signal=none", "-e", "trace=" + String.join(",", TRACED_CALLS.stream().map(c -> "?" + c).toList()),
                "-o", output.toString()));
        if (attaching()) {
            for (long pid : pids) {
                argv.add("-p");
                argv.add(Long.toString(pid));
            }
        } else {
            argv.add("--seccomp-bpf");
            argv.add("--");
            argv.addAll(command);
        }
        return argv;
    }
}
