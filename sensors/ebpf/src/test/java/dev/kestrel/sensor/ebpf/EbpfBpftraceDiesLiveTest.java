package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: a bpftrace that dies while the sensor runs is reported, with its last error lines,
 * and the source ends instead of waiting for events that will never come.
 */
class EbpfBpftraceDiesLiveTest {

    @TempDir
    Path dir;

    @Test
    void aBpftraceThatDiesMidRunEndsTheSourceWithItsStatusAndLastErrorLines() throws Exception {
        LiveSensor.requireEbpf();
        Path die = dir.resolve("die");
        // The real bpftrace, until the test asks it to die: then it is killed and its wrapper exits 3
        // with a last error line, as a bpftrace that fails mid-run would.
        Path wrapper = dir.resolve("bpftrace");
        Files.writeString(wrapper, """
                #!/bin/sh
                bpftrace "$@" &
                child=$!
                while [ ! -e '%s' ] && kill -0 $child 2>/dev/null; do sleep 0.05; done
                kill -KILL $child
                echo "ERROR: the test's bpftrace died on purpose" >&2
                exit 3
                """.formatted(die));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        EbpfSource source = new EbpfSource(EbpfOptions.defaults().withBpftrace(wrapper.toString())
                .withEvents(Set.of(EventType.OPENAT)));
        try {
            source.start(e -> { });
            assertThat(source.failure()).as("running").isNull();
            Files.writeString(die, "");
            assertThat(source.await(Duration.ofSeconds(60))).as("the source ended after bpftrace died").isTrue();
            assertThat(source.failure()).isNotNull()
                    .startsWith("bpftrace exited with status 3")
                    .contains("ERROR: the test's bpftrace died on purpose");
        } finally {
            source.stop();
        }
        assertThat(source.failure()).as("a stop after the death keeps the report").contains("status 3");
    }
}
