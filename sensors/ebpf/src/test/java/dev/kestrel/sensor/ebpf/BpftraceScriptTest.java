package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.event.EventType;
import java.util.EnumSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BpftraceScriptTest {

    private static BpftraceScript script(java.util.Set<EventType> wanted) {
        return new BpftraceScript(wanted, 42, -1, "parent", 4096, call -> !call.equals("init_module"), "Tok3n");
    }

    @Test
    void everyPrintedLineStartsWithTheToken() {
        String text = script(null).text();
        Matcher m = Pattern.compile("printf\\(\"([^\"]*)\"").matcher(text);
        int printfs = 0;
        while (m.find()) {
            printfs++;
            assertThat(m.group(1)).startsWith("Tok3n");
            // a second line in one printf (the heartbeat's padding) carries the token too
            for (String line : m.group(1).split("\\\\n")) {
                if (!line.isEmpty()) {
                    assertThat(line).startsWith("Tok3n");
                }
            }
        }
        assertThat(printfs).isGreaterThan(40);
        assertThat(text).contains("/pid != 42/");
    }

    @Test
    void execsAndFailedExecsOfBothCallsAreAlwaysTraced() {
        BpftraceScript s = script(EnumSet.of(EventType.OPENAT));
        assertThat(s.traced()).contains(EventType.EXECVE, EventType.EXECVEAT, EventType.OPENAT, EventType.CLOSE)
                .doesNotContain(EventType.CONNECT);
        assertThat(s.text()).contains("tracepoint:syscalls:sys_exit_execve ", "tracepoint:syscalls:sys_exit_execveat ",
                "Tok3nY|", "args->old_pid");
    }

    @Test
    void mapsAreClearedAtTheEndSoBpftracePrintsNothingElse() {
        String text = script(null).text();
        String end = text.substring(text.indexOf("END {"));
        for (String map : new String[] {"@ex", "@exec_ts", "@cgroup_seen", "@s_openat", "@n_connect", "@cl_clone"}) {
            assertThat(end).contains("clear(" + map + ");");
        }
    }

    @Test
    void aCallTheKernelLacksIsListedNotTraced() {
        BpftraceScript s = script(null);
        assertThat(s.unavailable()).containsExactly("init_module");
        assertThat(s.traced()).doesNotContain(EventType.INIT_MODULE).contains(EventType.FINIT_MODULE);
    }

    @Test
    void theTokenIsLettersAndDigitsOnly() {
        assertThatThrownBy(() -> new BpftraceScript(null, 1, -1, "parent", 4096, c -> true, "a\"b%c"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
