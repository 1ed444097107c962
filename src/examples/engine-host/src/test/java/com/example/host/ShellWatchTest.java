package com.example.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.Priority;
import dev.kestrel.core.alert.Alert;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ShellWatchTest {

    @Test
    void aShellUnderTheJvmInThePodRaisesOneCriticalAlertNamingThePod() {
        ShellWatch.Watched run = ShellWatch.run();
        assertThat(run.alerts()).extracting(Alert::rule).containsExactly("Shell spawned by a Java process");
        Alert alert = run.alerts().get(0);
        assertThat(alert.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(alert.toText()).isEqualTo(alert.output()).contains("pod=was-5f8c7d9b44-q7m2z", "parent=java");
        assertThat(alert.outputFields()).containsEntry("k8s.pod.name", "was-5f8c7d9b44-q7m2z")
                .containsEntry("container.image.repository", "registry.example.com/blog/was");
    }

    @Test
    void theRecordsAreCountedApartFromTheTwoEvents() {
        ShellWatch.Watched run = ShellWatch.run();
        assertThat(run.counters().eventsProcessed()).isEqualTo(2);
        assertThat(run.counters().metadataRecords("pod")).isEqualTo(1);
        assertThat(run.counters().metadataRecords("container")).isEqualTo(1);
        assertThat(run.counters().metadataRecords("snapshot")).isEqualTo(1);
        assertThat(run.counters().metadataRecordsTotal()).isEqualTo(3);
        assertThat(run.counters().alertsDelivered()).isEqualTo(1);
    }

    @Test
    void mainPrintsFalcosJsonAlert() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            ShellWatch.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(1);
        assertThat(printed.strip())
                .startsWith("{\"hostname\":")
                .contains("\"output_fields\":{", "\"k8s.pod.name\":\"was-5f8c7d9b44-q7m2z\"",
                        "\"priority\":\"Critical\",\"rule\":\"Shell spawned by a Java process\",\"source\":\"syscall\"",
                        "\"time\":\"2024-11-29T09:04:00.000002000Z\"")
                .endsWith("}");
    }
}
