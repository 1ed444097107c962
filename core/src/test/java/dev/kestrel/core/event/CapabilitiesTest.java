package dev.kestrel.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Capability sets print as Falco's caps_to_string does: names of the set bits, lowest first, one blank apart. */
class CapabilitiesTest {

    @Test
    void namesTheSetBitsLowestFirst() {
        assertThat(Capabilities.names(0)).isEmpty();
        assertThat(Capabilities.names(1L << 21)).isEqualTo("CAP_SYS_ADMIN");
        assertThat(Capabilities.names((1L << 16) | (1L << 21))).isEqualTo("CAP_SYS_MODULE CAP_SYS_ADMIN");
        assertThat(Capabilities.names(0x1ffffffffffL)).startsWith("CAP_CHOWN CAP_DAC_OVERRIDE ")
                .endsWith(" CAP_PERFMON CAP_BPF CAP_CHECKPOINT_RESTORE");
        assertThat(Capabilities.names(1L << 50)).as("a bit the table has no name for").isEmpty();
    }
}
