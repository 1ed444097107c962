package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The lines of /proc/PID/status the bootstrap reads, and what an odd or missing line gives. */
class ProcStatusTest {

    @Test
    void theInnermostNamespaceIsTheLastValue() {
        ProcStatus s = ProcStatus.parse("NStgid:\t9000\t300\t1\nNSpid:\t9000\t300\t1\nNSpgid:\t8990\t290\t7\n");
        assertThat(s.vpid()).isEqualTo(1);
        assertThat(s.vpgid()).isEqualTo(7);
    }

    @Test
    void oddOrMissingLinesAreUnknown() {
        assertThat(ProcStatus.parse("")).isEqualTo(ProcStatus.UNKNOWN);
        ProcStatus s = ProcStatus.parse("Uid:\nGid:\t12\nCapEff:\tzz\nCapPrm:\t\nNStgid:\tx\nCapInh:\tffffffffffffffff\n");
        assertThat(s.uid()).isEqualTo(-1);
        assertThat(s.euid()).isEqualTo(-1);
        assertThat(s.gid()).isEqualTo(12);
        assertThat(s.egid()).isEqualTo(-1);
        assertThat(s.capEffective()).isEqualTo(-1);
        assertThat(s.capPermitted()).isEqualTo(-1);
        assertThat(s.vpid()).isEqualTo(-1);
        assertThat(s.capInheritable()).as("all 64 bits cannot be told from unknown; no kernel sets them").isEqualTo(-1);
    }
}
