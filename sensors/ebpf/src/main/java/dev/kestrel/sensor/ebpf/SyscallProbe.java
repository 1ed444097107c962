package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import java.util.List;

/**
 * One system call the sensor traces the generic way: its arguments are saved when the call enters
 * and printed with the result when it returns, as one {@code S|...} line (numbers, then the first
 * string) plus one {@code P|...} line for every further string. Immutable.
 *
 * @param index the probe's place in {@link SyscallProbes#BY_INDEX} (its printed lines name it by this number)
 * @param syscall the tracepoint's syscall name ({@code sys_enter_<syscall>})
 * @param type the Falco event the call becomes
 * @param result the event parameter that receives the return value ({@code fd}, {@code res}), or null
 * @param numbers the numeric parameters, in line order
 * @param strings the string parameters (user-space pointers, read when the call returns), in line order
 */
record SyscallProbe(int index, String syscall, EventType type, String result, List<Arg> numbers, List<Arg> strings) {

    SyscallProbe {
        numbers = List.copyOf(numbers);
        strings = List.copyOf(strings);
    }

    /**
     * One argument: the Falco parameter it fills and the bpftrace expression that reads it at entry
     * (a tracepoint field such as {@code args->flags}, or a dereference of one).
     */
    record Arg(String param, String expression) {
    }
}
