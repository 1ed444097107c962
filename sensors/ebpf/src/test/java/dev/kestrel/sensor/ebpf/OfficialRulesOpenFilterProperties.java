package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.OpenPathFilter;
import dev.kestrel.core.testsupport.SharedFiles;
import dev.kestrel.sensor.ebpf.SensorReplay.Seen;
import dev.kestrel.sensor.ebpf.SyscallWorld.Printed;
import dev.kestrel.sensor.ebpf.SyscallWorld.Step;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The open-filter law of {@link OpenFilterAlertsProperties} with Falco's official rules: streams that
 * read and write the sensitive files in odd spellings, by programs the rules trust and programs they
 * do not, on the host and in a container, raise the same alerts whether or not the opens the rules
 * cannot match stay in the kernel.
 */
class OfficialRulesOpenFilterProperties {

    /** Sensitive files and their neighbours, spelled plainly, oddly, relatively (from /etc) and too long to judge. */
    private static final List<String> PATHS = List.of("/etc/shadow", "/etc/sudoers", "/etc/sudoers.d/x",
            "/etc/pam.d/y", "/etc/pam.conf", "/etc/security/pwquality.conf", "/etc/passwd", "/etc/hostname",
            "/etc/gshadow", "/etc//sudoers", "/etc/./pam.conf", "/etc/../etc/shadow", "/tmp/../etc/sudoers.d/x",
            "//etc/pam.d/y", "/etc/pam.d/../shadow", "/etc/shadow/.", "/etc/pam.d", "/etc/sudoers.d", "shadow",
            "sudoers.d/x", "pam.d/y", "./shadow", "../etc/shadow", "/etc/" + "q".repeat(150) + "/../shadow",
            "/etc/sudoers.d/" + "é".repeat(70), "/var/log/syslog", "/var/log/auth.log", "/var/log", "/tmp/x",
            "/root/.ssh/authorized_keys", "/root/.bashrc", "/dev/null", "/proc/self/environ");

    /** Programs: untrusted (cat, python3, vi), trusted readers (sshd, sudo, passwd, sh) and a server (nginx). */
    private static final List<String> NAMES = List.of("cat", "python3", "sshd", "sh", "sudo", "passwd", "nginx", "vi");

    /** A second per call, so that a process is no longer new (proc.duration) after a few calls. */
    private static final long TICK = 600_000_000L;

    private static SensorReplay falco;

    @BeforeContainer
    static void load() {
        falco = new SensorReplay(SharedFiles.falcoRules());
    }

    @AfterContainer
    static void close() {
        if (falco != null) {
            falco.close();
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return OpenFilterAlertsProperties.steps();
    }

    @Property(tries = 400)
    void theOfficialRulesRaiseTheSameAlertsWhenOpensStayInTheKernel(@ForAll("steps") List<Step> steps,
                                                                    @ForAll @IntRange(max = 7) int program,
                                                                    @ForAll boolean container) {
        OpenPathFilter filter = falco.kestrel().openPathFilter();
        assertThat(filter.keepsEverything()).as("the official rules leave read-only opens to skip").isFalse();
        List<Printed> stream = SyscallWorld.stream(PATHS, NAMES, program, container, steps, TICK);
        List<Seen> whole = falco.alerts(SyscallWorld.allLines(stream));
        List<Seen> printed = falco.alerts(SyscallWorld.allLines(SyscallWorld.leftInKernel(stream, filter)));
        long left = SyscallWorld.opensLeft(stream, filter);
        // Floors about five standard deviations below the rates seen (36-37%, 18%): not the luck of one run.
        Statistics.label("fires").collect(!whole.isEmpty()).coverage(c -> c.check(true).percentage(p -> p >= 20));
        Statistics.label("fires and leaves opens in the kernel").collect(!whole.isEmpty() && left > 0)
                .coverage(c -> c.check(true).percentage(p -> p >= 7));
        Statistics.label("rules fired").collect(whole.stream().map(Seen::rule).distinct().sorted().toList().toString());
        assertThat(printed).as("alerts with %s on%n%s", filter, String.join("\n", SyscallWorld.allLines(stream)))
                .containsExactlyElementsOf(whole);
    }
}
