package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The call numbers and parameter lists {@link SyscallRegisters} knows, against this machine's own:
 * the kernel's tracepoint formats (names and types in order) and the C library's call numbers.
 */
class SyscallSignaturesTest {

    private static final Path SYSCALLS = Path.of("/sys/kernel/tracing/events/syscalls");
    private static final Path NUMBERS = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");

    @Test
    void theParametersAreTheKernelsInNameTypeAndPlace() throws Exception {
        SystemTests.require(SystemTests.root() && Files.isDirectory(SYSCALLS), "the tracepoint formats need root and a mounted tracefs");
        int compared = 0;
        Pattern field = Pattern.compile("field:(.+?) (\\w+);");
        for (Map.Entry<String, SyscallRegisters.Signature> e : SyscallRegisters.BY_CALL.entrySet()) {
            Path format = SYSCALLS.resolve("sys_enter_" + e.getKey()).resolve("format");
            if (!Files.exists(format)) {
                continue;
            }
            List<String> kernel = new ArrayList<>();
            for (String line : Files.readAllLines(format)) {
                Matcher m = field.matcher(line.trim());
                if (m.find() && !m.group(2).startsWith("common_") && !m.group(2).equals("__syscall_nr")) {
                    kernel.add(m.group(1).replace(" *", "*").trim() + " " + m.group(2));
                }
            }
            List<String> ours = e.getValue().parameters().stream().map(p -> p.type().replace(" *", "*") + " " + p.name()).toList();
            assertThat(ours).as(e.getKey()).isEqualTo(kernel);
            compared++;
        }
        assertThat(compared).as("calls with a tracepoint here").isGreaterThan(40);
    }

    @Test
    void theNumbersAreX8664s() throws Exception {
        SystemTests.require(Files.exists(NUMBERS), "the x86-64 call numbers are read from " + NUMBERS + " (Debian package linux-libc-dev)");
        String header = Files.readString(NUMBERS);
        for (Map.Entry<String, SyscallRegisters.Signature> e : SyscallRegisters.BY_CALL.entrySet()) {
            assertThat(header).as(e.getKey()).containsPattern("#define __NR_" + e.getKey() + " " + e.getValue().number() + "\\b");
        }
    }
}
