package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading the options of {@code kestrel watch --source ebpf}, without starting the sensor. */
class EbpfWatchOptionsTest {

    @Test
    void durationsReadAsPeopleWriteThem() throws Exception {
        assertThat(EbpfWatch.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(EbpfWatch.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(EbpfWatch.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(EbpfWatch.duration("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(EbpfWatch.duration("876000h")).as("100 years").isEqualTo(EbpfWatch.MAX_DURATION);
    }

    @Test
    void anUnreadableDurationIsAUsageSentence() {
        for (String text : new String[] {"soon", "0s", "-5s", "9223372036854775807h"}) {
            assertThatThrownBy(() -> EbpfWatch.duration(text)).isInstanceOf(AlertOptions.UsageException.class)
                    .hasMessage("--duration needs a length such as 30s, 5m or 500ms, not '" + text + "'");
        }
    }

    @Test
    void aDurationTooLongForTheDeadlineIsAUsageSentenceNotAnInternalError() {
        // 3,000,000 hours (342 years) passed the old check, then overflowed in toNanos() after the probes attached.
        assertThatThrownBy(() -> EbpfWatch.duration("3000000h")).isInstanceOf(AlertOptions.UsageException.class)
                .hasMessage("--duration may be at most 100 years (876000h), not '3000000h'");
        assertThatThrownBy(() -> EbpfWatch.duration("876001h")).isInstanceOf(AlertOptions.UsageException.class);
    }

    @Test
    void theHostNameRefreshIsAtLeastASecond() throws Exception {
        assertThat(EbpfWatch.resolveEvery("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(EbpfWatch.resolveEvery("1s")).isEqualTo(Duration.ofSeconds(1));
        for (String text : new String[] {"500ms", "0s", "often", "3000000h"}) {
            assertThatThrownBy(() -> EbpfWatch.resolveEvery(text)).isInstanceOf(AlertOptions.UsageException.class)
                    .hasMessage("--resolve-hosts needs an interval of at least 1s such as 30s or 5m, not '" + text + "'");
        }
    }
}
