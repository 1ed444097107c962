package dev.kestrel.sensor.strace;

import java.util.List;

/**
 * A finished system call as strace printed it, split but not interpreted: the arguments are raw
 * strace text ({@code "/etc/shadow"}, {@code 3</etc/shadow>}, {@code O_RDONLY|O_CLOEXEC}); use
 * {@link StraceValues} to decode them.
 *
 * @param name the system call name, e.g. {@code openat}
 * @param args the raw argument texts, in order, trimmed
 * @param returned whether strace printed a return value ({@code = ?} means it did not, e.g. exit_group)
 * @param returnValue the return value (hexadecimal results are decoded); 0 when not {@code returned}
 * @param errno the error name such as {@code ENOENT} when the call failed, else null
 * @param resultAnnotation what {@code -y} printed next to a returned file descriptor
 *                         ({@code /etc/shadow}, {@code TCP:[...]}), else null
 */
public record SyscallRecord(long pid, long timeNanos, String name, List<String> args, boolean returned,
                            long returnValue, String errno, String resultAnnotation) implements StraceRecord {

    public SyscallRecord {
        args = List.copyOf(args);
    }

    /** The raw text of argument {@code i}, or null when the call printed fewer arguments. */
    public String arg(int i) {
        return i < args.size() ? args.get(i) : null;
    }

    /** True when the call returned and did not fail. */
    public boolean succeeded() {
        return returned && errno == null && returnValue >= 0;
    }
}
