package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.OpenPathFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class EbpfOptionsTest {

    @Test
    void theDefaultsDeliverEveryOpenWithGenerousMaps() {
        EbpfOptions d = EbpfOptions.defaults();
        assertThat(d.openPaths().keepsEverything()).isTrue();
        assertThat(d.mapEntries()).isEqualTo(65_536);
        assertThat(d.events()).isNull();
        assertThat(d.queueBytes()).isEqualTo(64L << 20);
    }

    @Test
    void eachWitherChangesItsOwnSettingOnly() {
        OpenPathFilter shadow = OpenPathFilter.of(List.of("/etc/shadow"), List.of(), List.of());
        EbpfOptions o = EbpfOptions.defaults().withMapEntries(4096).withOpenPaths(shadow).withQueueCapacity(10)
                .withQueueBytes(1 << 20);
        assertThat(o.queueBytes()).isEqualTo(1 << 20);
        assertThat(o.withMapEntries(2048).queueBytes()).isEqualTo(1 << 20);
        assertThat(o.mapEntries()).isEqualTo(4096);
        assertThat(o.openPaths()).isEqualTo(shadow);
        assertThat(o.queueCapacity()).isEqualTo(10);
        assertThat(o.withBpftrace("/opt/bpftrace").mapEntries()).isEqualTo(4096);
        assertThat(o.withOpenPaths(null).openPaths().keepsEverything()).as("null: every open").isTrue();
    }

    @Test
    void mapSizesOutsideTheRangeAreRefusedWithTheRange() {
        assertThatThrownBy(() -> EbpfOptions.defaults().withMapEntries(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1024 and 1048576");
        assertThatThrownBy(() -> EbpfOptions.defaults().withMapEntries((1 << 20) + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(EbpfOptions.defaults().withMapEntries(1 << 20).mapEntries()).isEqualTo(1 << 20);
    }

    @Test
    void aQueueByteBudgetMustBePositive() {
        assertThatThrownBy(() -> EbpfOptions.defaults().withQueueBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("queueBytes must be positive, not 0");
    }
}
