package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.OpenPathFilter;
import java.time.Duration;
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

    private static EbpfOptions with(Duration maxQueueWait, Duration reorderWindow, Duration startTimeout) {
        return new EbpfOptions("bpftrace", null, List.of(), 1000, maxQueueWait, 4096, reorderWindow, 1024, startTimeout, null,
                65_536, 1 << 20, null);
    }

    @Test
    void aMissingDurationIsRefusedWithASentenceNotANullPointerLater() {
        assertThatThrownBy(() -> with(null, Duration.ofMillis(100), Duration.ofMinutes(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQueueWait must be from 0 to 1 minute, not null");
        assertThatThrownBy(() -> with(Duration.ZERO, null, Duration.ofMinutes(3)))
                .hasMessage("reorderWindow must be more than 0 and at most 1 minute, not null");
        assertThatThrownBy(() -> with(Duration.ZERO, Duration.ofMillis(100), null))
                .hasMessage("startTimeout must be more than 0 and at most 1 hour, not null");
    }

    @Test
    void durationsOutOfRangeAreRefusedHoweverLarge() {
        // 1000 years: too long for nanoseconds, which the source computes from the window
        assertThatThrownBy(() -> with(Duration.ZERO, Duration.ofDays(365_000), Duration.ofMinutes(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reorderWindow must be more than 0 and at most 1 minute, not PT8760000H");
        assertThatThrownBy(() -> with(Duration.ofSeconds(-1), Duration.ofMillis(100), Duration.ofMinutes(3)))
                .hasMessageStartingWith("maxQueueWait must be from 0 to 1 minute");
        assertThatThrownBy(() -> with(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(3)))
                .hasMessageStartingWith("reorderWindow must be more than 0");
        assertThatThrownBy(() -> with(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(Long.MAX_VALUE)))
                .hasMessageStartingWith("startTimeout must be more than 0 and at most 1 hour");
        assertThat(with(Duration.ZERO, EbpfOptions.MAX_REORDER_WINDOW, EbpfOptions.MAX_START_TIMEOUT).reorderWindow())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aMissingProgramOrCommandIsRefusedWithASentence() {
        assertThatThrownBy(() -> EbpfOptions.defaults().withBpftrace(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bpftrace must name the bpftrace program (a path, or a name on the PATH)");
        assertThatThrownBy(() -> EbpfOptions.defaults().withCommand(null))
                .hasMessage("command must be a list of words without nulls (empty: no command)");
        assertThatThrownBy(() -> EbpfOptions.defaults().withCommand(java.util.Arrays.asList("ls", null)))
                .hasMessage("command must be a list of words without nulls (empty: no command)");
    }
}
