package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prerequisites checked before the eBPF sensor starts, against a fake {@code /proc/self/status},
 * bpftrace, tracefs and BTF: what is missing comes back as one sentence saying which and how to fix it.
 */
class EbpfPreflightTest {

    private static final String ALL_CAPS = "000001ffffffffff";
    private static final String NO_CAPS = "0000000000000000";
    private static final String BPF_AND_PERFMON = Long.toHexString((1L << 39) | (1L << 38));

    private static final String NEEDS_ROOT =
            "the eBPF sensor needs root, since bpftrace runs only as root (effective uid 0, with CAP_BPF and CAP_PERFMON or CAP_SYS_ADMIN): run kestrel as root, e.g. with sudo.";
    private static final String NO_TRACEFS = "tracefs is not mounted, so the kernel's tracepoints cannot be attached: "
            + "mount it with 'mount -t tracefs nodev /sys/kernel/tracing'.";

    @TempDir
    Path tmp;

    private Path status;
    private String bpftrace;
    private List<Path> tracefs;
    private Path btf;

    /** Everything the sensor needs is there: root, an executable bpftrace, a mounted tracefs, BTF. */
    @BeforeEach
    void everythingPresent() throws IOException {
        status = status(0, ALL_CAPS);
        bpftrace = program("bpftrace").toString();
        Path tracing = Files.createDirectories(tmp.resolve("sys/kernel/tracing/events/syscalls"));
        tracefs = List.of(tracing.getParent().getParent(), tmp.resolve("sys/kernel/debug/tracing"));
        btf = Files.writeString(Files.createDirectories(tmp.resolve("sys/kernel/btf")).resolve("vmlinux"), "BTF");
    }

    private Optional<String> check() {
        return EbpfPreflight.check(bpftrace, status, tracefs, btf);
    }

    @Test
    void withEverythingPresentThereIsNothingToSay() {
        assertThat(check()).isEmpty();
    }

    // --- root or capabilities ---

    @Test
    void aUserWithoutCapabilitiesIsToldToRunAsRoot() throws IOException {
        status = status(1000, NO_CAPS);

        assertThat(check()).hasValue(NEEDS_ROOT);
        assertOneSentence(check().orElseThrow());
    }

    @Test
    void rootWithoutTheCapabilitiesIsToldToGiveThemNotToRunAsRoot() throws IOException {
        // as in a container started without --privileged or --cap-add
        status = status(0, "00000000a80425fb");

        assertThat(check()).hasValue("the eBPF sensor needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN), which this root "
                + "process does not have: give them to it, e.g. 'docker run --cap-add BPF --cap-add PERFMON' or, in "
                + "Kubernetes, securityContext.capabilities.add [BPF, PERFMON].");
        assertOneSentence(check().orElseThrow());
    }

    @Test
    void theEffectiveUidDecidesWhetherTheProcessIsRoot() throws IOException {
        status = Files.writeString(tmp.resolve("status-setuid"), "Uid:\t1000\t0\t0\t0\nCapEff:\t0000000000000000\n");
        assertThat(check()).hasValueSatisfying(s -> assertThat(s).contains("which this root process does not have"));

        status = Files.writeString(tmp.resolve("status-dropped"), "Uid:\t0\t1000\t1000\t1000\nCapEff:\t0000000000000000\n");
        assertThat(check()).hasValue(NEEDS_ROOT);
    }

    @Test
    void aUserWithCapBpfAndCapPerfmonIsStillToldToRunAsRootForBpftraceRefusesEveryOtherUser() throws IOException {
        status = status(1000, BPF_AND_PERFMON);
        assertThat(check()).hasValue(NEEDS_ROOT);

        status = status(0, BPF_AND_PERFMON);
        assertThat(check()).isEmpty();
    }

    @Test
    void capBpfOrCapPerfmonAloneIsNotEnough() throws IOException {
        status = status(0, Long.toHexString(1L << 39));
        assertThat(check()).hasValueSatisfying(s -> assertThat(s).contains("which this root process does not have"));

        status = status(0, Long.toHexString(1L << 38));
        assertThat(check()).hasValueSatisfying(s -> assertThat(s).contains("which this root process does not have"));
    }

    @Test
    void capSysAdminAloneIsEnoughAsOnKernelsBeforeCapBpf() throws IOException {
        status = status(0, Long.toHexString(1L << 21));
        assertThat(check()).isEmpty();

        status = status(1000, Long.toHexString(1L << 21));
        assertThat(check()).hasValue(NEEDS_ROOT);
    }

    @Test
    void onlyTheEffectiveCapabilitiesCount() throws IOException {
        status = Files.writeString(tmp.resolve("status-permitted-only"), """
                Name:\tjava
                Uid:\t0\t0\t0\t0
                CapInh:\t0000000000000000
                CapPrm:\t000001ffffffffff
                CapEff:\t0000000000000000
                CapBnd:\t000001ffffffffff
                """);

        assertThat(check()).hasValueSatisfying(s -> assertThat(s).contains("which this root process does not have"));
    }

    @Test
    void anUnreadableStatusCountsAsNoCapabilities() throws IOException {
        status = tmp.resolve("no-such-status");
        assertThat(check()).hasValue(NEEDS_ROOT);

        status = Files.writeString(tmp.resolve("status-garbled"), "Uid:\t0\t0\t0\t0\nCapEff:\tnot hex\n");
        assertThat(check()).as("a status that cannot be read whole tells nothing, not even the uid").hasValue(NEEDS_ROOT);
    }

    // --- bpftrace ---

    @Test
    void aMissingBpftraceIsNamedWithHowToInstallItOrGiveItsPath() {
        bpftrace = tmp.resolve("opt/bin/bpftrace").toString();

        assertThat(check()).hasValue("bpftrace is not installed (could not find '" + bpftrace + "'): install it, e.g. "
                + "'apt-get install bpftrace', or give its path with --bpftrace PATH.");
        assertOneSentence(check().orElseThrow());
    }

    @Test
    void aBpftraceThatIsNotAnExecutableFileIsToldSoNotToBeMissing() throws IOException {
        Path plain = Files.writeString(tmp.resolve("bpftrace-plain"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Path directory = Files.createDirectories(tmp.resolve("bpftrace-dir"));

        for (Path p : List.of(plain, directory)) {
            bpftrace = p.toString();
            assertThat(check()).as(bpftrace).hasValue("bpftrace at '" + bpftrace + "' is not an executable file: give the "
                    + "path of the bpftrace program with --bpftrace PATH, or make it executable with chmod +x.");
            assertOneSentence(check().orElseThrow());
        }
        assertThat(EbpfPreflight.executable(directory.toString())).as("a directory is searchable, not executable").isNull();
    }

    @Test
    void aBpftraceGivenByNameIsLookedForOnThePath() {
        bpftrace = "sh";
        assertThat(check()).as("sh is on every PATH").isEmpty();

        bpftrace = "kestrel-test-no-such-bpftrace";
        assertThat(check()).hasValue("bpftrace is not installed (could not find 'kestrel-test-no-such-bpftrace'): "
                + "install it, e.g. 'apt-get install bpftrace', or give its path with --bpftrace PATH.");
    }

    // --- tracefs ---

    @Test
    void aTracefsWithoutEventsIsNotMounted() throws IOException {
        tracefs = List.of(Files.createDirectories(tmp.resolve("empty-tracing")));
        assertThat(check()).hasValue(NO_TRACEFS);

        Files.createDirectories(tracefs.get(0).resolve("events"));
        assertThat(check()).as("events without syscalls or sched").hasValue(NO_TRACEFS);
        assertOneSentence(check().orElseThrow());
    }

    @Test
    void aTracefsWithSchedEventsIsEnough() throws IOException {
        tracefs = List.of(Files.createDirectories(tmp.resolve("sched-tracing/events/sched")).getParent().getParent());

        assertThat(check()).isEmpty();
    }

    @Test
    void theSecondTracefsMountPointIsUsedWhenTheFirstIsEmpty() throws IOException {
        Path debug = Files.createDirectories(tmp.resolve("debug/tracing/events/syscalls")).getParent().getParent();
        tracefs = List.of(tmp.resolve("not-mounted"), debug);

        assertThat(check()).isEmpty();
        assertThat(EbpfPreflight.tracefsEvents(tracefs)).isEqualTo(debug.resolve("events"));
    }

    // --- BTF ---

    @Test
    void aKernelWithoutBtfIsToldWhichKernelItNeeds() {
        btf = tmp.resolve("sys/kernel/btf/missing-vmlinux");

        assertThat(check()).hasValue("the kernel has no BTF type information at " + btf + " (needed to read task fields): "
                + "use a kernel built with CONFIG_DEBUG_INFO_BTF=y (most distribution kernels since 2020 are).");
        assertOneSentence(check().orElseThrow());
    }

    // --- several missing ---

    @Test
    void severalMissingAreReportedOneAtATimeRightsFirstThenBpftraceThenTracefsThenBtf() throws IOException {
        status = status(1000, NO_CAPS);
        bpftrace = tmp.resolve("no-bpftrace").toString();
        tracefs = List.of(tmp.resolve("no-tracing"));
        btf = tmp.resolve("no-btf");
        assertThat(check()).hasValue(NEEDS_ROOT);

        status = status(0, ALL_CAPS);
        assertThat(check()).hasValueSatisfying(s -> assertThat(s).startsWith("bpftrace is not installed"));

        bpftrace = program("bpftrace-found").toString();
        assertThat(check()).hasValue(NO_TRACEFS);

        tracefs = List.of(Files.createDirectories(tmp.resolve("tracing-found/events/sched")).getParent().getParent());
        assertThat(check()).hasValueSatisfying(s -> assertThat(s).startsWith("the kernel has no BTF"));
    }

    // --- helpers ---

    /** A fake {@code /proc/self/status} of a process with effective uid {@code uid} and capabilities {@code capEff} (hex). */
    private Path status(int uid, String capEff) throws IOException {
        return Files.writeString(tmp.resolve("status-" + uid + "-" + capEff), """
                Name:\tjava
                Umask:\t0022
                State:\tS (sleeping)
                Tgid:\t4242
                Pid:\t4242
                PPid:\t1
                Uid:\t%1$d\t%1$d\t%1$d\t%1$d
                Gid:\t%1$d\t%1$d\t%1$d\t%1$d
                CapInh:\t0000000000000000
                CapPrm:\t%2$s
                CapEff:\t%2$s
                CapBnd:\t000001ffffffffff
                CapAmb:\t0000000000000000
                """.formatted(uid, capEff));
    }

    /** An executable file named {@code name}. */
    private Path program(String name) throws IOException {
        Path p = Files.writeString(Files.createDirectories(tmp.resolve("bin")).resolve(name), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** One line, one sentence ("e.g." aside), ending in a full stop, nothing of a stack trace. */
    private static void assertOneSentence(String s) {
        assertThat(s).doesNotContain("\n", "\r", "Exception", "\tat ").endsWith(".");
        assertThat(s.replace("e.g. ", "")).as("no second sentence").doesNotContain(". ");
        assertThat(s).as("what is missing: how to fix it").contains(": ");
    }
}
