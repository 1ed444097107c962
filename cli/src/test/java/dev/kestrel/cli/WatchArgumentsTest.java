package dev.kestrel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reading {@code kestrel watch}'s arguments without watching anything. */
class WatchArgumentsTest {

    private static final Set<String> VALUED = Set.of("--strace", "-p", "--duration", "--bpftrace", "--map-entries");

    private static int source(String... args) {
        return WatchArguments.sourceOption(List.of(args), VALUED);
    }

    @Test
    void aSourceOptionInTheCommandToWatchIsTheCommands() {
        // 'kestrel watch git log --source': the strace watch takes a command without '--'
        assertThat(source("git", "log", "--source")).isEqualTo(-1);
        assertThat(source("tool", "--source", "ebpf")).isEqualTo(-1);
        assertThat(source("--json", "tool", "--source", "ebpf")).isEqualTo(-1);
        assertThat(source("--", "tool", "--source", "ebpf")).isEqualTo(-1);
    }

    @Test
    void theSourceOptionIsFoundAmongTheOptionsWhateverTheirValues() {
        assertThat(source("--source", "ebpf")).isZero();
        assertThat(source("--rules", "r.yaml", "--json", "--source", "ebpf", "--", "cat")).isEqualTo(3);
        assertThat(source("-p", "123", "--source", "strace")).isEqualTo(2);
        assertThat(source("--duration", "5s", "--bpftrace", "/opt/bt", "--source", "ebpf")).isEqualTo(4);
        assertThat(source("--min-priority", "bogus", "--source", "ebpf")).as("a bad value is still a value").isEqualTo(2);
        assertThat(source("--source")).as("its missing name is reported by the caller").isZero();
    }

    @Test
    void anOptionsValueThatLooksLikeTheSourceOptionIsAValue() {
        assertThat(source("--rules", "--source", "tool")).isEqualTo(-1);
        assertThat(source("--config", "--source", "--source", "ebpf")).isEqualTo(2);
    }
}
