package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anyone may run a program named runc-something with a bundle of their choosing: its exec is delivered like any
 * other, and the lines say nothing more or less. With a file-name encoding other than UTF-8 (LANG unset, as in many
 * images) a non-ASCII bundle once made Path.of throw and the exec's record was lost, counted as a malformed line
 * (run this class under LC_ALL=C to see that case).
 */
class RuntimeInvocationNonAsciiBundleTest {

    @TempDir
    Path tmp;

    @Test
    void anUntrustedRuncLookalikeWithANonAsciiBundleStillHasItsExecDelivered() throws Exception {
        List<String> execs = Collections.synchronizedList(new ArrayList<>());
        OciRuntimeMetadata metadata = new OciRuntimeMetadata(List.of(Files.createDirectories(tmp.resolve("roots"))),
                Duration.ofMinutes(10), 100, 64, 0);
        SelfCheckProcesses selfChecks = new SelfCheckProcesses(1_000_000_000L);
        RecordPipeline pipeline = new RecordPipeline(RecordPipelineTest.options(EbpfOptions.DEFAULT_QUEUE_BYTES),
                new KernelLayout(-1, 0, "", "parent", true), metadata, selfChecks,
                new ReadinessCheck(false, selfChecks, "kestrel-test-marker-"), e -> {
                    if (e.type() == EventType.EXECVE) {
                        execs.add(e.text(EventType.EXECVE.slot("exe")));
                    }
                });
        String[] hostCgroup = {"user-1000.slice", "user.slice", ""};
        for (int level = 0; level < hostCgroup.length; level++) {
            line(pipeline, "G|1|" + level + "|" + hostCgroup[level]);
        }
        exec(pipeline, 101, "/tmp/e");
        exec(pipeline, 102, "/tmp/\u00e9");
        pipeline.finish();
        assertThat(pipeline.await(Duration.ofSeconds(10))).isTrue();

        assertThat(execs).containsExactly("runc-x", "runc-x");
        assertThat(pipeline.unparsed()).as("lines not understood").isEmpty();
    }

    private static void line(RecordPipeline p, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        p.line(b, 0, b.length);
    }

    /** An exec by uid 1000 on the host of a program named runc-x: {@code runc-x create --bundle BUNDLE <id>}. */
    private static void exec(RecordPipeline p, long t, String bundle) {
        String args = String.join("\0", "runc-x", "create", "--bundle", bundle, "a".repeat(64)) + "\0";
        byte[] raw = args.getBytes(StandardCharsets.UTF_8);
        line(p, "E|" + t * 1000 + "|" + t + "|" + t + "|1|1000|1000|1000|1000|0|" + raw.length + "|1|0|0|0|0|0|runc-x");
        line(p, "F|" + t * 1000 + "|" + t + "|1|0|0|0|0|/tmp/runc-x");
        for (int off = 0; off < raw.length; off += BpftraceScript.ARG_CHUNK_BYTES) {
            int n = Math.min(BpftraceScript.ARG_CHUNK_BYTES, raw.length - off);
            StringBuilder chunk = new StringBuilder();
            for (int i = off; i < off + n; i++) {
                int b = raw[i] & 0xff;
                chunk.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b));
            }
            line(p, "A|" + t + "|" + off + "|" + chunk);
        }
    }
}
