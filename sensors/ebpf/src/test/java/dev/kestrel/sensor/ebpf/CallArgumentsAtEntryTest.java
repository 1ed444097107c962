package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The contract on a sensor that saves the calls' arguments at their entry, as it does on machines
 * whose saved registers it cannot read.
 */
class CallArgumentsAtEntryTest extends CallArgumentsContract {

    @Override
    LiveSensor chooseSensor(ExtensionContext context) {
        return LiveSensor.atEntry(context);
    }

    @Test
    void theSensorSavesTheArgumentsAtEntry() {
        assertThat(sensor.source.readsSavedRegisters()).isFalse();
    }
}
