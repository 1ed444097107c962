package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Writes the programs of the generic calls ({@link SyscallProbes}) and of the socket calls with
 * addresses for {@link BpftraceScript}: read at the exit from the saved registers where
 * {@link SyscallRegisters} covers the call, else saved at the entry and printed at the exit. Stateless.
 */
final class CallPrograms {

    private CallPrograms() {
    }

    /** The programs of generic call {@code p}, with the open filter and fd hygiene where they apply. */
    static void generic(StringBuilder b, String self, SyscallProbe p, KernelOpenFilter opens, SyscallRegisters registers) {
        String call = p.syscall();
        String map = "@s_" + call;
        // bpf returns an fd for the commands that make or open an object (0 for the others: forgetting fd 0 is
        // harmless, its close is only printed).
        boolean returnsFd = "fd".equals(p.result()) || p.type() == EventType.DUP || p.type() == EventType.DUP2
                || p.type() == EventType.DUP3 || p.type() == EventType.BPF;
        String forget = returnsFd ? opens.forgetFd() : "";
        if (registers != null && p.type() == EventType.CLOSE) {
            // Decided and printed at the entry, while the fd is still the process's: no other thread can be
            // given its number before the record is made. The event has no result.
            String print = "$r = 0; $ts = nsecs; " + record(p, p.numbers().stream().map(SyscallProbe.Arg::expression).toList(), List.of());
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self).append("{ ")
                    .append(opens.active() ? opens.closeEntry(print) : print).append(" }\n");
            return;
        }
        String flags = p.numbers().stream().filter(a -> a.param().equals("flags")).map(SyscallProbe.Arg::expression)
                .findFirst().orElse(null);
        String exit = "tracepoint:syscalls:sys_exit_" + call + " " + self + "{\n";
        if (registers != null) {
            List<String> numbers = p.numbers().stream().map(a -> registers.rewrite(call, a.expression())).toList();
            List<String> strings = p.strings().stream().map(a -> registers.rewrite(call, a.expression())).toList();
            if (opens.active() && p.type().isOpen()) {
                b.append(opens.openAtExit(call, self, registers, strings.get(0), flags == null ? null : registers.rewrite(call, flags), map));
                b.append(exit).append("  if (").append(map).append("[tid]) {\n")
                        .append("    delete(").append(map).append("[tid]); $r = args->ret; ").append(registers.locate(call)).append('\n')
                        .append("    ").append(forget).append("$ts = nsecs;\n")
                        .append("    ").append(record(p, numbers, strings)).append("\n  }\n}\n");
            } else {
                // pipe and socketpair make two fds, read from the caller's memory: the first two numbers
                String made = SyscallProbes.READ_AFTER_THE_CALL.contains(p.type()) ? opens.forgetFds(numbers.subList(0, 2)) : "";
                b.append(exit).append(registers.guarded(call, "    $r = args->ret; " + forget + made + "$ts = nsecs;\n"
                        + "    " + record(p, numbers, strings) + "\n")).append("}\n");
            }
            return;
        }
        // A call with a string is recognised by its non-null pointer; one without carries a leading 1
        // (a missing entry reads as zeros). Adding the marker to string calls would overflow the BPF stack.
        boolean marker = p.strings().isEmpty();
        List<String> values = new ArrayList<>();
        if (marker) {
            values.add("1");
        }
        p.numbers().forEach(a -> values.add(a.expression()));
        p.strings().forEach(a -> values.add(a.expression()));
        String tuple = values.size() == 1 ? values.get(0) : "(" + String.join(", ", values) + ")";
        // A single value is stored as itself: bpftrace has no one-element tuples.
        IntFunction<String> at = i -> values.size() == 1 ? "$a" : "$a." + i;
        int firstNumber = marker ? 1 : 0;
        int firstString = firstNumber + p.numbers().size();
        // Opens and closes the filter decides are saved only when delivered: a missing entry is no loss there.
        boolean alwaysSaved = !(opens.active() && (p.type().isOpen() || p.type() == EventType.CLOSE));
        if (opens.active() && p.type().isOpen()) {
            b.append(opens.openEntry(call, self, p.strings().get(0).expression(), flags, map, tuple));
            b.append(opens.openExit(call, self, map, firstString));
        } else if (opens.active() && p.type() == EventType.CLOSE) {
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                    .append("{ ").append(opens.closeEntry(map + "[tid] = " + tuple + ";")).append(" }\n");
        } else {
            b.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self)
                    .append("{ ").append(map).append("[tid] = ").append(tuple).append("; }\n");
        }
        List<String> numbers = new ArrayList<>();
        List<String> strings = new ArrayList<>();
        for (int i = firstNumber; i < values.size(); i++) {
            (i < firstString ? numbers : strings).add(at.apply(i));
        }
        b.append(exit)
                .append("  $r = args->ret; $a = ").append(map).append("[tid];\n")
                .append("  if (").append(marker ? at.apply(0) + " == 1" : at.apply(firstString) + " != 0").append(") {\n")
                .append("    delete(").append(map).append("[tid]); ").append(forget).append("$ts = nsecs;\n")
                .append("    ").append(record(p, numbers, strings)).append('\n')
                .append("  }").append(alwaysSaved ? COUNT_MISSING : "").append("\n}\n");
    }

    /**
     * The statements printing a generic call's {@code S} line (and a {@code P} line per further string),
     * given {@code $ts} and {@code $r}, its numbers' expressions and its strings' pointers.
     */
    private static String record(SyscallProbe p, List<String> numbers, List<String> strings) {
        StringBuilder b = new StringBuilder("printf(\"S|").append(p.index()).append("|%llu|%d|%d|%d");
        numbers.forEach(n -> b.append("|%d"));
        if (!strings.isEmpty()) {
            b.append("|%s");
        }
        b.append("\\n\", $ts, tid, pid, $r");
        numbers.forEach(n -> b.append(", ").append(n));
        if (!strings.isEmpty()) {
            b.append(", str(").append(strings.get(0)).append(')');
        }
        b.append(");");
        for (int i = 1; i < strings.size(); i++) {
            b.append(" printf(\"P|%llu|%d|%s\\n\", $ts, tid, str(").append(strings.get(i)).append("));");
        }
        return b.toString();
    }

    /** Per CPU, the sends without a destination (on a connected socket) that were not printed. */
    static final String SENDS_SKIPPED = "@wskip";

    /**
     * Per CPU, the calls saved at their entry whose exit found nothing saved: the entry came before its
     * program was attached, or the map was full (bpftrace gives no result for a map update).
     */
    static final String ENTRIES_MISSING = "@argmiss";

    /** The branch an exit program takes when the call's entry was always saved but is not found. */
    private static final String COUNT_MISSING = " else { " + ENTRIES_MISSING + "[cpu]++; }";

    /**
     * The programs of socket call {@code call}, printing both ends of its address as an N or U record.
     * A send ({@code sendto}, {@code sendmsg}) is printed only when it names a destination, as a send
     * on an unconnected socket does; the others are counted per CPU in {@link #SENDS_SKIPPED}.
     */
    static void network(StringBuilder out, String self, String call, KernelOpenFilter opens, SyscallRegisters registers) {
        String map = "@n_" + call;
        boolean accept = call.startsWith("accept");
        boolean send = call.startsWith("send");
        String fdArg = "(int64)args->fd";
        String addressArg = switch (call) {
            case "connect" -> "(uint64)args->uservaddr";
            case "bind" -> "(uint64)args->umyaddr";
            // The kernel ignores an address of length 0 (a connected socket's send may leave one behind).
            case "sendto" -> "(args->addr_len == 0 ? (uint64)0 : (uint64)args->addr)";
            case "sendmsg" -> "(((struct user_msghdr *)uptr(args->msg))->msg_namelen == 0 ? (uint64)0"
                    + " : (uint64)((struct user_msghdr *)uptr(args->msg))->msg_name)";
            default -> "(uint64)0";
        };
        String exit = "tracepoint:syscalls:sys_exit_" + call + " " + self + "{\n";
        StringBuilder b = new StringBuilder();
        String head = "|" + call + "|%llu|%d|%d|%d|%d" + (accept ? "|%d" : "");
        String headArgs = "$ts, tid, pid, $r, $fd" + (accept ? ", $cloexec" : "");
        if (accept) {
            // The new connection's socket holds both ends: local is the server, remote the client. Whether its
            // fd closes at an exec (accept4's SOCK_CLOEXEC) is read from the fd table's own bitmap.
            b.append("    $fd = $r; ").append(opens.forgetFd()).append("\n")
                    .append("    $cloexec = 0; if ($r >= 0) { $cloexec = (*(curtask->files->fdt->close_on_exec + ($r >> 6)) >> ($r & 63)) & 1; }\n")
                    .append("    if ($r >= 0) {\n")
                    .append("      $sk = ((struct socket *)(*(curtask->files->fdt->fd + $r))->private_data)->sk;\n")
                    .append("      $family = $sk->__sk_common.skc_family;\n")
                    .append("      if ($family == 2) {\n")
                    .append("        printf(\"N").append(head).append("|2|%s|%d|%s|%d\\n\", ").append(headArgs)
                    .append(", ntop(2, $sk->__sk_common.skc_rcv_saddr), $sk->__sk_common.skc_num,")
                    .append(" ntop(2, $sk->__sk_common.skc_daddr), bswap($sk->__sk_common.skc_dport));\n")
                    .append("      } else if ($family == 10) {\n")
                    .append("        printf(\"N").append(head).append("|10|%s|%d|%s|%d\\n\", ").append(headArgs)
                    .append(", ntop(10, $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8), $sk->__sk_common.skc_num,")
                    .append(" ntop(10, $sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8), bswap($sk->__sk_common.skc_dport));\n")
                    .append("      } else {\n")
                    .append("        printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("      }\n")
                    .append("    } else {\n")
                    .append("      printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("    }\n");
        } else {
            // A connect's or a send's local end is its socket's; a bind's is the address it was given.
            boolean connect = call.equals("connect") || send;
            if (send && registers != null) {
                b.append("    if ($addr == 0) { ").append(SENDS_SKIPPED).append("[cpu]++; return; }\n");
            }
            b.append("    $sa = (struct sockaddr *)uptr($addr); $family = $sa->sa_family;\n");
            if (connect) {
                b.append("    $sk = ((struct socket *)(*(curtask->files->fdt->fd + $fd))->private_data)->sk;\n");
            }
            b.append("    if ($family == 2) {\n")
                    .append("      $s4 = (struct sockaddr_in *)uptr($addr);\n")
                    .append("      printf(\"N").append(head).append("|2|%s|%d|%s|%d\\n\", ").append(headArgs);
            if (connect) {
                b.append(", ntop(2, $sk->__sk_common.skc_rcv_saddr), $sk->__sk_common.skc_num");
            } else {
                b.append(", ntop(2, $s4->sin_addr.s_addr), bswap($s4->sin_port)");
            }
            b.append(", ntop(2, $s4->sin_addr.s_addr), bswap($s4->sin_port));\n")
                    .append("    } else if ($family == 10) {\n")
                    .append("      $s6 = (struct sockaddr_in6 *)uptr($addr);\n")
                    .append("      printf(\"N").append(head).append("|10|%s|%d|%s|%d\\n\", ").append(headArgs);
            if (connect) {
                b.append(", ntop(10, $sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8), $sk->__sk_common.skc_num");
            } else {
                b.append(", ntop(10, $s6->sin6_addr.in6_u.u6_addr8), bswap($s6->sin6_port)");
            }
            b.append(", ntop(10, $s6->sin6_addr.in6_u.u6_addr8), bswap($s6->sin6_port));\n")
                    .append("    } else if ($family == 1) {\n")
                    .append("      printf(\"U").append(head).append("|%s\\n\", ").append(headArgs)
                    .append(", str(uptr($addr + 2)));\n")
                    .append("    } else {\n")
                    .append("      printf(\"U").append(head).append("|\\n\", ").append(headArgs).append(");\n")
                    .append("    }\n");
        }
        if (registers != null) {
            out.append(exit).append(registers.guarded(call, "    $r = args->ret; $ts = nsecs; $fd = " + registers.rewrite(call, fdArg)
                    + "; $addr = " + registers.rewrite(call, addressArg) + ";\n" + b)).append("}\n");
        } else {
            String save = map + "[tid] = (1, " + fdArg + ", " + (send ? "$addr" : addressArg) + ");";
            out.append("tracepoint:syscalls:sys_enter_").append(call).append(' ').append(self).append("{ ");
            if (send) {
                // Decided at the entry: a send naming no destination is counted and never parked.
                // Delete rather than leave an entry parked while the probes attached to a later send.
                out.append("$addr = ").append(addressArg).append("; if ($addr == 0) { delete(").append(map).append("[tid]); ")
                        .append(SENDS_SKIPPED).append("[cpu]++; } else { ").append(save).append(" }");
            } else {
                out.append(save);
            }
            out.append(" }\n");
            out.append(exit)
                    .append("  $r = args->ret; $a = ").append(map).append("[tid];\n")
                    .append("  if ($a.0 == 1) {\n")
                    .append("    delete(").append(map).append("[tid]); $ts = nsecs; $fd = $a.1; $addr = $a.2;\n")
                    // A send naming no destination is never saved: its missing entry is no loss.
                    .append(b).append("  }").append(send ? "" : COUNT_MISSING).append("\n}\n");
        }
    }
}
