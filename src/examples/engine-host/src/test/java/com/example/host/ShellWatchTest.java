package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWatchTest {

    @Test
    void aShellUnderTheJvmInThePodRaisesOneCriticalAlertNamingThePod() {
        List<Alert> alerts = ShellWatch.run();
        assertThat(alerts).extracting(Alert::rule).containsExactly("Shell spawned by a Java process");
        Alert alert = alerts.get(0);
        assertThat(alert.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(alert.output()).contains("was-5f8c7d9b44-q7m2z");
    }
}
