package dev.kestrel.engine.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputFormatTest {

    private final TestFields fields = TestFields.standard();

    private static TestFields.Context ctx(Map<String, Object> values) {
        return new TestFields.Context(new Event().reset(EventType.OPENAT, 1_470_327_477_881_781_397L, 1, 1, 0), values);
    }

    private String format(String output, Map<String, Object> values) throws Exception {
        return OutputFormat.compile(output, fields).format(ctx(values));
    }

    @Test
    void substitutesFieldsAndKeepsLiteralText() throws Exception {
        assertThat(format("A shell was spawned (user=%user.name cmd=%proc.cmdline)",
                Map.of("user.name", "root", "proc.cmdline", "sh -i")))
                .isEqualTo("A shell was spawned (user=root cmd=sh -i)");
    }

    @Test
    void missingValuesPrintNA() throws Exception {
        assertThat(format("An open was seen (cport=%fd.cport command=%proc.cmdline)",
                Map.of("proc.cmdline", "cat /dev/null")))
                .isEqualTo("An open was seen (cport=<NA> command=cat /dev/null)");
    }

    @Test
    void tokenIsTheLongestPrefixThatIsAField() throws Exception {
        assertThat(format("%proc.name_x and %proc.name.", Map.of("proc.name", "bash")))
                .isEqualTo("bash_x and bash.");
    }

    @Test
    void argumentsInBracketsAndDottedSuffixes() throws Exception {
        OutputFormat f = OutputFormat.compile("gp=%proc.aname[2] flags=%evt.arg.flags", fields);
        assertThat(f.format(ctx(Map.of("proc.aname[2]", "containerd", "evt.arg.flags", "O_RDONLY"))))
                .isEqualTo("gp=containerd flags=O_RDONLY");
        assertThat(f.fieldNames()).containsExactly("proc.aname[2]", "evt.arg.flags");
    }

    @Test
    void widthPadsOrCutsTheValue() throws Exception {
        assertThat(format("[%6proc.name]", Map.of("proc.name", "sh"))).isEqualTo("[sh    ]");
        assertThat(format("[%3proc.name]", Map.of("proc.name", "nginx"))).isEqualTo("[ngi]");
    }

    @Test
    void transformersChangeTheTextOnly() throws Exception {
        OutputFormat f = OutputFormat.compile("%toupper(proc.name) %basename(fd.name)", fields);
        TestFields.Context c = ctx(Map.of("proc.name", "bash", "fd.name", "/etc/shadow"));
        assertThat(f.format(c)).isEqualTo("BASH shadow");
        assertThat(f.fieldValues(c)).containsEntry("proc.name", "bash").containsEntry("fd.name", "/etc/shadow");
    }

    @Test
    void fieldValuesAreTypedAndNullWhenMissing() throws Exception {
        OutputFormat f = OutputFormat.compile(
                "%proc.pid %evt.is_open_read %fd.sip %fd.types %fd.cport %proc.name %proc.pid", fields);
        Map<String, Object> values = new HashMap<>();
        values.put("proc.pid", 42L);
        values.put("evt.is_open_read", true);
        values.put("fd.sip", "10.0.0.1");
        values.put("fd.types", List.of("ipv4", "file"));
        Map<String, Object> typed = f.fieldValues(ctx(values));
        assertThat(typed.keySet()).containsExactly("proc.pid", "evt.is_open_read", "fd.sip", "fd.types", "fd.cport", "proc.name");
        assertThat(typed).containsEntry("proc.pid", 42L).containsEntry("evt.is_open_read", true)
                .containsEntry("fd.sip", "10.0.0.1").containsEntry("fd.types", List.of("ipv4", "file"))
                .containsEntry("fd.cport", null).containsEntry("proc.name", null);
    }

    @Test
    void aPercentThatStartsNoFieldIsAnError() {
        assertThatThrownBy(() -> OutputFormat.compile("100% sure", fields))
                .isInstanceOf(OutputFormatException.class)
                .hasMessageContaining("unknown field in output")
                .satisfies(e -> assertThat(((OutputFormatException) e).column()).isEqualTo(4));
        assertThatThrownBy(() -> OutputFormat.compile("ends with %", fields))
                .isInstanceOf(OutputFormatException.class);
        assertThatThrownBy(() -> OutputFormat.compile("%proc.nme", fields))
                .hasMessageContaining("'proc.nme'");
        assertThatThrownBy(() -> OutputFormat.compile("%shout(proc.name)", fields))
                .hasMessageContaining("unknown transformer 'shout'");
    }
}
