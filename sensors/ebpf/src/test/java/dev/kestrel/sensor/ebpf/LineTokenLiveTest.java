package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live, as root: the closing token survives the conversion printed before it. An exec's argument
 * chunk is a buffer ({@code %r}) followed by the token; bpftrace reads {@code %rx} and {@code %rh} as
 * conversions of their own, so a token starting with x or h lost its first letter and every
 * argument line ran on into the next record (one run in 31).
 */
class LineTokenLiveTest {

    @Test
    void everyNewTokenClosesABufferLine(@TempDir Path dir) throws Exception {
        List<String> tokens = new ArrayList<>();
        StringBuilder program = new StringBuilder("BEGIN { $s = \"ab\";\n");
        for (int i = 0; i < 60; i++) {
            String token = BpftraceOutput.newToken();
            tokens.add(token);
            program.append("  printf(\"").append(token).append("A|%r").append(token).append("\\n\", buf($s, 2));\n");
        }
        program.append("}\n");
        List<String> lines = BpftraceProgramRun.run(dir, program.toString(), Map.of(), "pass");
        for (String token : tokens) {
            assertThat(lines).as("token %s", token).contains(token + "A|ab" + token);
        }
    }
}
