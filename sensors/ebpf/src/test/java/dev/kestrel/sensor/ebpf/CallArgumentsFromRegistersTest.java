package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.testsupport.SystemTests;
import org.junit.jupiter.api.Test;

/** The contract on the shared sensor, which reads the calls' arguments from the saved registers at their exit. */
class CallArgumentsFromRegistersTest extends CallArgumentsContract {

    @Test
    void theSensorReadsTheSavedRegisters() {
        SystemTests.require(SyscallRegisters.forArchitecture(System.getProperty("os.arch"), 1) != null,
                "the saved registers are read on x86-64 only, not on " + System.getProperty("os.arch"));
        assertThat(sensor.source.readsSavedRegisters()).isTrue();
    }
}
