package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamespaceIdsTest {

    /** A fork's child-side report, made at kernel time {@code ts}. */
    private static SensorRecord.Clone childSide(long ts, long tid, long ptid) {
        return new SensorRecord.Clone("clone", ts, tid, tid, 0, 17, ptid, "sh");
    }

    private static long vtid(NamespaceIds ids, SensorRecord.Clone c) {
        return ((SensorRecord.Clone) ids.named(c)).vtid();
    }

    @Test
    void aForksChildSideTakesItsChildsIdsOnce() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(1_100, 200, 7, 7);
        SensorRecord.Clone named = (SensorRecord.Clone) ids.named(childSide(1_000, 200, 100));
        assertThat(named.vtid()).isEqualTo(7);
        assertThat(named.vpid()).isEqualTo(7);
        assertThat(named.comm()).isEqualTo("sh");
        assertThat(ids.size()).isZero();
        assertThat(vtid(ids, childSide(1_000, 200, 100))).as("taken already").isEqualTo(-1);
        assertThat(ids.unused()).isZero();
    }

    /** A report left by an earlier thread of the same id (made before this fork) never names the new one. */
    @Test
    void aReportFromBeforeTheForkNamesNobody() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(500, 300, 5, 5);
        assertThat(vtid(ids, childSide(1_000, 300, 100))).isEqualTo(-1);
        ids.report(1_001, 300, 6, 6);
        assertThat(ids.unused()).as("the old one, replaced").isEqualTo(1);
        assertThat(vtid(ids, childSide(1_000, 300, 100))).isEqualTo(6);
    }

    @Test
    void theCallersSideAndOtherRecordsAreLeftAsTheyAre() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(1_000, 100, 3, 3);
        SensorRecord.Clone callers = new SensorRecord.Clone("clone", 1, 100, 100, 200, 17, 0);
        assertThat(ids.named(callers)).isSameAs(callers);
        SensorRecord.Exit exit = new SensorRecord.Exit(1, 100, 100, 0, 0);
        assertThat(ids.named(exit)).isSameAs(exit);
        assertThat(ids.size()).isEqualTo(1);
    }

    @Test
    void anUnreadIdIsNotUsedButCounted() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(1_100, 200, 7, 0);
        assertThat(vtid(ids, childSide(1_000, 200, 100))).isEqualTo(-1);
        assertThat(ids.unused()).isEqualTo(1);
    }

    /** Reports too old for any fork still waiting, and those left at the end, are counted: none vanishes. */
    @Test
    void oldAndLeftoverReportsAreCounted() {
        NamespaceIds ids = new NamespaceIds(10);
        ids.report(1_000, 1, 1, 1);
        ids.report(5_000, 2, 2, 2);
        ids.report(9_000, 3, 3, 3);
        ids.expire(5_000);
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.unused()).isEqualTo(1);
        ids.finish();
        assertThat(ids.size()).isZero();
        assertThat(ids.unused()).isEqualTo(3);
    }

    @Test
    void pastItsBoundTheOldestReportGoesAndIsCounted() {
        NamespaceIds ids = new NamespaceIds(2);
        ids.report(10, 1, 1, 1);
        ids.report(10, 2, 2, 2);
        ids.report(10, 3, 3, 3);
        assertThat(ids.size()).isEqualTo(2);
        assertThat(ids.unused()).isEqualTo(1);
        assertThat(vtid(ids, childSide(1, 1, 9))).as("dropped").isEqualTo(-1);
        assertThat(vtid(ids, childSide(1, 3, 9))).isEqualTo(3);
    }
}
