package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {

    private final List<SensorRecord> out = new ArrayList<>();
    private final CgroupNames cgroups = new CgroupNames(100);
    private final RecordAssembler assembler = new RecordAssembler(out::add, cgroups, 4096, 500_000_000L);

    private void feed(String... jsonLines) {
        for (String line : jsonLines) {
            String data = BpftraceJson.printfData(line);
            assertThat(data).as(line).isNotNull();
            assembler.accept(data);
        }
    }

    @Test
    void anExecInAContainerIsAssembledFromItsLinesWithItsCgroupPath() {
        feed("{\"type\": \"printf\", \"data\": \"E|2799641341932|7399|7399|7389|0|0|0|4294967295|34816|16|6404|cat\\n\"}",
                "{\"type\": \"printf\", \"data\": \"G|6404|0|" + "a".repeat(64) + "\\n\"}",
                "{\"type\": \"printf\", \"data\": \"G|6404|1|pod1234-5678\\n\"}",
                "{\"type\": \"printf\", \"data\": \"G|6404|2|besteffort\\n\"}",
                "{\"type\": \"printf\", \"data\": \"G|6404|3|kubepods\\n\"}",
                "{\"type\": \"printf\", \"data\": \"G|6404|4|\\n\"}",
                "{\"type\": \"printf\", \"data\": \"F|2799641341932|7399|/usr/bin/cat\\n\"}",
                "{\"type\": \"printf\", \"data\": \"A|7399|0|cat\\\\x00/etc/shadow\\\\x00\\n\"}");
        assertThat(out).hasSize(1);
        SensorRecord.Exec e = (SensorRecord.Exec) out.get(0);
        assertThat(e.argv()).containsExactly("cat", "/etc/shadow");
        assertThat(e.filename()).isEqualTo("/usr/bin/cat");
        assertThat(e.tty()).isEqualTo(34816);
        assertThat(e.ppid()).isEqualTo(7389);
        assertThat(e.argsTruncated()).isFalse();
        assertThat(cgroups.path(6404)).isEqualTo("/kubepods/besteffort/pod1234-5678/" + "a".repeat(64));
    }

    @Test
    void aCallWithTwoPathsWaitsForItsSecondLine() {
        feed("{\"type\": \"printf\", \"data\": \"S|renameat2|100|7|7|0|-100|-100|/tmp/a\\n\"}");
        assertThat(out).isEmpty();
        feed("{\"type\": \"printf\", \"data\": \"P|100|7|/usr/bin/b\\n\"}");
        assertThat(out).hasSize(1);
        SensorRecord.Call c = (SensorRecord.Call) out.get(0);
        assertThat(c.probe().syscall()).isEqualTo("renameat2");
        assertThat(c.strings()).containsExactly("/tmp/a", "/usr/bin/b");
        assertThat(c.numbers()).containsExactly(-100, -100);
    }

    @Test
    void lostPartsAreGivenUpAfterTheWaitAndCounted() {
        feed("{\"type\": \"printf\", \"data\": \"E|1000|9|9|1|0|0|0|0|0|5|1|sh\\n\"}",
                "{\"type\": \"printf\", \"data\": \"T|600001000\\n\"}");
        assertThat(out).hasSize(1);
        assertThat(((SensorRecord.Exec) out.get(0)).argsTruncated()).isTrue();
        assertThat(assembler.unparsed()).containsEntry("exec with parts lost", 1L);
    }

    @Test
    void aLineNotUnderstoodIsCountedNotThrown() {
        assembler.accept("S|openat|notanumber");
        assembler.accept("zzz");
        assertThat(out).isEmpty();
        assertThat(assembler.unparsed()).containsEntry("malformed S line", 1L).containsEntry("unknown line", 1L);
    }

    @Test
    void connectCarriesBothEnds() {
        feed("{\"type\": \"printf\", \"data\": \"N|connect|5|3|3|0|4|2|10.0.0.2|44140|10.0.0.1|4444\\n\"}");
        SensorRecord.Net n = (SensorRecord.Net) out.get(0);
        assertThat(n.localIp()).isEqualTo("10.0.0.2");
        assertThat(n.remotePort()).isEqualTo(4444);
    }
}
