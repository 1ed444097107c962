package dev.kestrel.engine.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.alert.AlertSink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDeliveryTest {

    @Test
    void deliversEveryAlertInOrderAndFlushes() {
        CollectingSink sink = new CollectingSink();
        try (AlertDelivery d = new AlertDelivery(List.of(sink), 16, Duration.ofSeconds(5))) {
            for (int i = 0; i < 100; i++) {
                assertThat(d.submit(SinksTest.alert("r" + i))).isTrue();
            }
            assertThat(d.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(sink.rules()).hasSize(100).startsWith("r0", "r1").endsWith("r99");
            assertThat(d.dropped()).isZero();
        }
    }

    @Test
    void aStuckSinkCausesCountedDropsNotABlockedCaller() throws Exception {
        StuckSink stuck = new StuckSink();
        AlertDelivery d = new AlertDelivery(List.of(stuck), 2, Duration.ZERO);
        d.submit(SinksTest.alert("first"));
        stuck.entered.await();
        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            if (d.submit(SinksTest.alert("more"))) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(2);
        assertThat(d.dropped()).isEqualTo(8);
        stuck.release.countDown();
        d.close(Duration.ofSeconds(10));
        assertThat(d.delivered()).isEqualTo(3);
    }

    @Test
    void aFailingSinkIsCountedAndOthersStillReceive() {
        CollectingSink good = new CollectingSink();
        AlertSink failing = new AlertSink() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public void accept(Alert alert) {
                throw new IllegalStateException("backend down");
            }
        };
        try (AlertDelivery d = new AlertDelivery(List.of(failing, good), 8, Duration.ofSeconds(5))) {
            d.submit(SinksTest.alert("a"));
            d.submit(SinksTest.alert("b"));
            d.flush(Duration.ofSeconds(10));
            assertThat(good.rules()).containsExactly("a", "b");
            assertThat(d.sinkErrors()).isEqualTo(2);
        }
    }

    @Test
    void alertsAfterCloseAreDroppedAndCounted() {
        AlertDelivery d = new AlertDelivery(List.of(new CollectingSink()), 4, Duration.ZERO);
        d.close();
        assertThat(d.submit(SinksTest.alert("late"))).isFalse();
        assertThat(d.dropped()).isEqualTo(1);
    }
}
