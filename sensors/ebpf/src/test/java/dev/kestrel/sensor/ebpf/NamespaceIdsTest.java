package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespaceIdsTest {

    private static SensorRecord.Clone childSide(long tid, long pid, long ptid) {
        return new SensorRecord.Clone("clone", 1, tid, pid, 0, 17, ptid, "sh");
    }

    @Test
    void aForksChildSideTakesItsChildsIdsOnce() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(200, 7, 7);
        SensorRecord.Clone named = (SensorRecord.Clone) ids.named(childSide(200, 200, 100));
        assertThat(named.vtid()).isEqualTo(7);
        assertThat(named.vpid()).isEqualTo(7);
        assertThat(named.comm()).isEqualTo("sh");
        assertThat(ids.size()).isZero();
        SensorRecord.Clone again = (SensorRecord.Clone) ids.named(childSide(200, 200, 100));
        assertThat(again.vtid()).as("taken already").isEqualTo(-1);
    }

    @Test
    void theCallersSideAndOtherRecordsAreLeftAsTheyAre() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(100, 3, 3);
        SensorRecord.Clone callers = new SensorRecord.Clone("clone", 1, 100, 100, 200, 17, 0);
        assertThat(ids.named(callers)).isSameAs(callers);
        SensorRecord.Exit exit = new SensorRecord.Exit(1, 100, 100, 0, 0);
        assertThat(ids.named(exit)).isSameAs(exit);
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void pastItsBoundTheOldestReportGoesAndIsCounted() {
        NamespaceIds ids = new NamespaceIds(2);
        ids.report(1, 1, 1);
        ids.report(2, 2, 2);
        ids.report(3, 3, 3);
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.unused()).isEqualTo(1);
        assertThat(((SensorRecord.Clone) ids.named(childSide(1, 1, 9))).vtid()).as("dropped").isEqualTo(-1);
        ids.report(3, 4, 4);
        assertThat(ids.unused()).as("a reused thread id's report nobody took").isEqualTo(2);
        assertThat(((SensorRecord.Clone) ids.named(childSide(3, 3, 9))).vtid()).isEqualTo(4);
    }
}
