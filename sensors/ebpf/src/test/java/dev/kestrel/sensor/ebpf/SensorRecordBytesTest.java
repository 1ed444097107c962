package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte estimates the sensor's budgets count: they grow with what a record holds and err high. */
class SensorRecordBytesTest {

    private static SensorRecord.Exec exec(List<String> argv) {
        return new SensorRecord.Exec(1, 2, 2, 1, 0, 0, 0, -1, 0, 7, 0, 0, 0, 0, -1, SensorRecord.ExeFile.UNKNOWN, "sh", "/bin/sh", argv, false, false, false);
    }

    @Test
    void anExecCountsItsArgumentsAtTwoBytesACharacterAtLeast() {
        List<String> small = List.of("sh", "-c", "id");
        List<String> big = Collections.nCopies(16, "a".repeat(256));
        assertThat(exec(big).bytes() - exec(small).bytes()).isGreaterThanOrEqualTo(2L * 16 * 256 - 2L * 6);
        // 4 KiB of arguments: about 9 KiB, as EbpfOptions says
        assertThat(exec(big).bytes()).isBetween(8L * 1024, 10L * 1024);
        assertThat(exec(big).bytes()).isEqualTo(exec(big).bytes());
    }

    @Test
    void aCallCountsItsNumbersAndStrings() {
        SyscallProbe open = SyscallProbes.BY_INDEX.stream().filter(p -> p.syscall().equals("openat")).findFirst().orElseThrow();
        SensorRecord.Call shortPath = new SensorRecord.Call(open, 1, 2, 2, 3, new long[] {-100, 0, 0}, new String[] {"/a"}, 0);
        SensorRecord.Call longPath = new SensorRecord.Call(open, 1, 2, 2, 3, new long[] {-100, 0, 0},
                new String[] {"/" + "b".repeat(199)}, 0);
        assertThat(longPath.bytes() - shortPath.bytes()).isEqualTo(2L * 198);
        assertThat(shortPath.bytes()).isGreaterThan(8L * 3);
    }

    @Test
    void theHostsAccountsCountEveryUserAndGroup() {
        SensorRecord.Accounts none = new SensorRecord.Accounts(List.of(), List.of(), null);
        SensorRecord.Accounts some = new SensorRecord.Accounts(
                List.of(new UserMetadata(0, "root", "/root", "/bin/bash"), new UserMetadata(1000, "ada", "/home/ada", "/bin/sh")),
                List.of(new GroupMetadata(0, "root")), null);
        assertThat(some.bytes() - none.bytes()).isGreaterThan(2L * (4 + 5 + 9 + 3 + 9 + 7 + 4));
    }
}
