package dev.kestrel.sensor.strace;

import dev.kestrel.core.spi.EventSource;
import dev.kestrel.core.spi.EventSourceException;
import dev.kestrel.core.spi.EventSourceProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code strace} event source: {@code [--strace PATH] [--] COMMAND [ARGS...]} runs and traces a
 * command, {@code [--strace PATH] -p PID [-p PID]...} attaches to running processes.
 */
public final class StraceSourceProvider implements EventSourceProvider {

    /** The name the source is selected by. */
    public static final String NAME = "strace";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "live system calls through strace (ptrace): [--strace PATH] [--] COMMAND [ARGS...] | -p PID...";
    }

    @Override
    public EventSource create(List<String> arguments) throws EventSourceException {
        return StraceSource.of(invocation(arguments));
    }

    /** Reads the source's arguments into an invocation. */
    public static StraceInvocation invocation(List<String> arguments) throws EventSourceException {
        String executable = "strace";
        List<Long> pids = new ArrayList<>();
        List<String> command = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String a = arguments.get(i);
            if (a.equals("--")) {
                command.addAll(arguments.subList(i + 1, arguments.size()));
                break;
            } else if (a.equals("--strace") || a.equals("-p")) {
                if (i + 1 >= arguments.size()) {
                    throw new EventSourceException(a + " needs a value");
                }
                String v = arguments.get(++i);
                if (a.equals("--strace")) {
                    executable = v;
                } else {
                    try {
                        long pid = Long.parseLong(v);
                        if (pid <= 0) {
                            throw new NumberFormatException();
                        }
                        pids.add(pid);
                    } catch (NumberFormatException e) {
                        throw new EventSourceException("-p needs a process id (a positive number), not '" + v + "'");
                    }
                }
            } else if (a.startsWith("-") && command.isEmpty()) {
                throw new EventSourceException("unknown option '" + a + "' (put '--' before a command that starts with '-')");
            } else {
                command.addAll(arguments.subList(i, arguments.size()));
                break;
            }
        }
        if (command.isEmpty() == pids.isEmpty()) {
            throw new EventSourceException(command.isEmpty()
                    ? "give a command to trace (after '--') or a process to attach to (-p PID)"
                    : "give either a command to trace or -p PID, not both");
        }
        return new StraceInvocation(executable, command, pids);
    }
}
