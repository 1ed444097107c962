package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SystemTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eBPF sensor watching the whole host while real runc containers (Kubernetes-style cgroup path,
 * CRI annotations) run Falco's attack samples, evaluated with Falco's official rules plus
 * src/rules/user_rules.yaml. One sensor ({@link LiveSensor}) serves every live test (compiling the program takes seconds).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(LiveSensor.Context.class)
class EbpfContainerTest {

    private static final Set<String> CONTAINER_RULES = Set.of("Terminal shell in container",
            "Launch Package Management Process in Container", "Java Process Spawning Shell", "Write to Binary Dir",
            "Unexpected Outbound Connection", "Drop and execute new binary in container",
            "Debugfs Launched in Privileged Container");

    private static int serial;
    /** The short ids of the containers this class started. */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    @TempDir
    static Path work;

    private LiveSensor sensor;

    @BeforeEach
    void sensor(ExtensionContext context) {
        sensor = LiveSensor.get(context);
        SystemTests.require(SystemTests.onPath("runc"), "runc is not installed (apt-get install runc)");
    }

    private static String newId() {
        serial++;
        String seed = Long.toHexString(System.nanoTime()) + Integer.toHexString(serial);
        String id = (seed + "0".repeat(64)).substring(0, 64).replaceAll("[^0-9a-f]", "0");
        STARTED.add(id.substring(0, 12));
        return id;
    }

    private static RuncContainer container() throws Exception {
        return new RuncContainer(work, newId(), "checkout-7d9f", "shop");
    }

    private Alert await(Predicate<Alert> p) throws InterruptedException {
        return sensor.await(p);
    }

    private static Predicate<Alert> rule(String name, String containerId) {
        return a -> a.rule().equals(name) && containerId.equals(a.outputFields().get("container.id"));
    }

    @Test
    void readingShadowInAContainerNamesTheContainerPodAndNamespace() throws Exception {
        RuncContainer c = container();
        try {
            assertThat(c.run(false, "cat", "/etc/shadow")).as(c.lastOutput).isZero();
            String id = c.fullId.substring(0, 12);
            Alert a = await(rule("Read sensitive file untrusted", id));
            assertThat(a.output()).contains("file=/etc/shadow");
            assertThat(a.outputFields()).as("sensor: %s", sensor.source.counters()).containsEntry("container.id", id).containsEntry("k8s.pod.name", "checkout-7d9f")
                    .containsEntry("k8s.ns.name", "shop").containsEntry("container.name", "app")
                    .containsEntry("k8s.pod.uid", c.podUid).containsEntry("container.image.repository", "registry.example/shop/app")
                    .containsEntry("container.image.tag", "1.4.2");
        } finally {
            c.remove();
        }
    }

    @Test
    void packageManagerInAContainer() throws Exception {
        RuncContainer c = container();
        try {
            c.run(false, "apt-get", "--version");
            String id = c.fullId.substring(0, 12);
            Alert a = await(rule("Launch Package Management Process in Container", id));
            assertThat(a.output()).contains("apt-get").contains("pod=checkout-7d9f").contains("namespace=shop");
        } finally {
            c.remove();
        }
    }

    @Test
    void terminalShellFiresAndShellWithoutTerminalDoesNot() throws Exception {
        RuncContainer quiet = container();
        RuncContainer tty = container();
        try {
            quiet.run(false, "sh", "-c", "echo test; cat /etc/shadow");
            String quietId = quiet.fullId.substring(0, 12);
            await(rule("Read sensitive file untrusted", quietId));
            assertThat(sensor.alerts()).noneMatch(rule("Terminal shell in container", quietId));

            tty.run(true, "sh", "-c", "echo test");
            String ttyId = tty.fullId.substring(0, 12);
            Alert a = await(rule("Terminal shell in container", ttyId));
            assertThat(a.output()).contains("process=sh").doesNotContain("terminal=0");
            assertThat(ttyId).hasSize(12);
        } finally {
            quiet.remove();
            tty.remove();
        }
    }

    @Test
    void javaSpawningAShell() throws Exception {
        RuncContainer c = container().bind(Path.of("target/test-classes").toAbsolutePath().toString(), "/app");
        try {
            int status = c.run(false, "java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", "/app",
                    ShellSpawner.class.getName());
            assertThat(status).as(c.lastOutput).isZero();
            Alert a = await(rule("Java Process Spawning Shell", c.fullId.substring(0, 12)));
            assertThat(a.output()).contains("parent=java").contains("namespace=shop");
        } finally {
            c.remove();
        }
    }

    @Test
    void writeBelowUsrBin() throws Exception {
        RuncContainer c = container().tmpfs("/usr/bin").bind("/usr/bin", "/opt/hostbin");
        try {
            int status = c.run(false, "/opt/hostbin/sh", "-c", "echo planted > /usr/bin/planted");
            assertThat(status).as(c.lastOutput).isZero();
            Alert a = await(rule("Write to Binary Dir", c.fullId.substring(0, 12)));
            assertThat(a.output()).contains("file=/usr/bin/planted");
        } finally {
            c.remove();
        }
    }

    /**
     * A container whose root is an overlay, as runtimes mount images: a program copied in after it
     * started runs from the upper layer and fires Falco's "Drop and execute new binary in container";
     * the image's own program runs from the lower layer and does not.
     */
    @Test
    void droppedBinaryRunsFromTheUpperLayer() throws Exception {
        String tag = "kestrel-live-identity-overlay-" + Long.toHexString(System.nanoTime());
        RuncContainer c = container().overlayRoot(Map.of("opt/image/true", Path.of("/usr/bin/true")));
        try {
            int status = c.run(false, "sh", "-c", "cp /usr/bin/true /dropped && /dropped " + tag + " && /opt/image/true " + tag);
            assertThat(status).as(c.lastOutput).isZero();
            String id = c.fullId.substring(0, 12);
            Alert a = await(rule("Drop and execute new binary in container", id));
            assertThat(a.output()).contains("proc_exe=/dropped").contains("k8s_ns_name=shop");
            Alert dropped = await(x -> x.rule().equals("Kestrel live test identity") && x.output().contains("cmd=dropped " + tag));
            assertThat(dropped.output()).contains("upper=true").contains("lower=false").contains("container=" + id)
                    .as("its path inside the container, not the overlay's on the host").contains("exepath=/dropped ")
                    .as("root's own file: writable, whatever the layer").contains("writable=true ");
            Alert image = await(x -> x.rule().equals("Kestrel live test identity") && x.output().contains("cmd=true " + tag));
            assertThat(image.output()).contains("upper=false").contains("lower=true").contains("exepath=/opt/image/true ");
            // the container's first process, sh, is 1 in the container's PID namespace; its children follow
            Alert init = await(x -> x.rule().equals("Kestrel live test identity") && x.output().contains("cmd=sh -c cp ")
                    && x.output().contains(tag));
            assertThat(init.output()).contains("vpid=1 ", "vtid=1 ");
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile(" vpid=(\\d+) .* pid=(\\d+) ").matcher(dropped.output());
            assertThat(ids.find()).isTrue();
            assertThat(Long.parseLong(ids.group(1))).as("a small number of the container's namespace, not the host pid " + ids.group(2))
                    .isBetween(2L, 50L).isNotEqualTo(Long.parseLong(ids.group(2)));
            // The image's program was evaluated after the dropped one: no alert for it can still come.
            assertThat(sensor.alerts()).filteredOn(rule("Drop and execute new binary in container", id))
                    .allMatch(x -> x.output().contains("proc_exe=/dropped"));
        } finally {
            c.remove();
        }
    }

    /**
     * A process a container's shell forked and that never execs (a subshell) has its ids in the
     * container's PID namespace: they come from the child's own return from the fork.
     */
    @Test
    void aForkedSubshellHasTheContainersIds() throws Exception {
        String file = "/tmp/kestrel-subshell-" + Long.toHexString(System.nanoTime());
        RuncContainer c = container();
        try {
            // sh is the container's first process; the subshell, its child, opens the file itself
            assertThat(c.run(false, "sh", "-c", "(: > " + file + "); true")).as(c.lastOutput).isZero();
            Alert a = await(x -> x.rule().equals("Kestrel live test subshell open") && x.output().contains("file=" + file + " "));
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile(" vpid=(\\d+) vtid=(\\d+) pid=(\\d+) ").matcher(a.output());
            assertThat(ids.find()).as(a.output()).isTrue();
            assertThat(Long.parseLong(ids.group(1))).as("a small number of the container's namespace, not the host pid " + ids.group(3))
                    .isBetween(2L, 50L).isNotEqualTo(Long.parseLong(ids.group(3)));
            assertThat(ids.group(2)).isEqualTo(ids.group(1));
            assertThat(a.output()).contains("container=" + c.fullId.substring(0, 12));
        } finally {
            c.remove();
        }
    }

    /**
     * {@code container.privileged} comes from the spec (every capability, nothing masked): a program named
     * debugfs fires Falco's "Debugfs Launched in Privileged Container" there, and not in a default container.
     */
    @Test
    void debugfsFiresInAPrivilegedContainerOnly() throws Exception {
        RuncContainer plain = container();
        RuncContainer privileged = container().privileged();
        String debugfs = "cp /usr/bin/true /tmp/debugfs && /tmp/debugfs";
        try {
            assertThat(plain.run(false, "sh", "-c", debugfs)).as(plain.lastOutput).isZero();
            assertThat(privileged.run(false, "sh", "-c", debugfs)).as(privileged.lastOutput).isZero();
            Alert a = await(rule("Debugfs Launched in Privileged Container", privileged.fullId.substring(0, 12)));
            assertThat(a.output()).contains("process=debugfs").contains("k8s_ns_name=shop");
            // The plain container's debugfs was evaluated before the privileged one's.
            assertThat(sensor.alerts()).noneMatch(rule("Debugfs Launched in Privileged Container", plain.fullId.substring(0, 12)));
        } finally {
            plain.remove();
            privileged.remove();
        }
    }

    /** A container's process is named from the container's own /etc/passwd, which the host does not have. */
    @Test
    void aContainersUserIsNamedFromItsOwnPasswd() throws Exception {
        String tag = "kestrel-live-identity-users-" + Long.toHexString(System.nanoTime());
        Path passwd = java.nio.file.Files.writeString(work.resolve("passwd-" + tag), "root:x:0:0:root:/root:/bin/sh\n"
                + "kestrel-app:x:4321:4321::/home/app:/bin/sh\n");
        RuncContainer c = container().bind(passwd.toString(), "/etc/passwd").user(4321);
        try {
            // The shell lives a second: the sensor reads the files through a live process's root.
            int status = c.run(false, "sh", "-c", "sleep 1; exec true " + tag);
            assertThat(status).as(c.lastOutput).isZero();
            Alert a = await(x -> x.rule().equals("Kestrel live test identity") && x.output().contains("cmd=true " + tag)
                    && x.output().contains("container=" + c.fullId.substring(0, 12)));
            assertThat(a.output()).contains("uid=4321 ").contains("user=kestrel-app ");
        } finally {
            c.remove();
        }
    }

    /**
     * A host process moved into a cgroup named after a running container ({@code .../docker-<id>.scope}): runc's
     * record of that container's cgroup does not hold it, so it stays the host's and gets none of the pod's names.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHostProcessInACgroupNamedAfterARunningContainerIsTheHosts() throws Exception {
        RuncContainer c = container();
        String spoof = "kestrel-spoof-" + serial + "/docker-" + c.fullId + ".scope";
        Path marker = Files.createTempFile(work, "spoof", ".txt");
        Thread running = new Thread(() -> {
            try {
                c.run(false, "sleep", "20");
            } catch (Exception e) {
                // removed below while it sleeps
            }
        });
        try {
            running.start();
            Path state = Path.of("/run/runc", c.fullId, "state.json");
            for (int i = 0; i < 300 && !Files.exists(state); i++) {
                Thread.sleep(100);
            }
            assertThat(state).as("the container runs").exists();
            // the spoofed cgroup in every hierarchy (cgroup v1's, or v2's root), then cat execs inside it
            run("sh", "-c", "if [ -f /sys/fs/cgroup/cgroup.controllers ]; then roots=/sys/fs/cgroup; else roots='/sys/fs/cgroup/*'; fi;"
                    + " for h in $roots; do d=$h/" + spoof + "; mkdir -p $d && echo $$ > $d/cgroup.procs; done;"
                    + " exec cat /etc/shadow " + marker);
            Alert a = await(x -> x.rule().equals("Read sensitive file untrusted")
                    && String.valueOf(x.outputFields().get("proc.cmdline")).contains(marker.toString()));
            assertThat(a.outputFields()).as("sensor: %s", sensor.source.counters()).containsEntry("container.id", "host")
                    .doesNotContainValue("checkout-7d9f");
            assertThat(sensor.source.counters().skipped()).containsKey(ContainerIdentity.NOT_ITS_CONTAINER);
            // the sensor runs in the host's cgroup namespace here: its check process showed /proc's paths are whole
            assertThat(sensor.source.procCgroupPathsFromRoot()).isTrue();
        } finally {
            c.remove();
            running.join(30_000);
            for (Path root : hierarchies()) {
                Path leaf = root.resolve(spoof);
                Files.deleteIfExists(leaf);
                Files.deleteIfExists(leaf.getParent());
            }
        }
    }

    /** The roots of the cgroup hierarchies: cgroup v2's alone, or every v1 one (and v2's, in a hybrid). */
    private static List<Path> hierarchies() throws Exception {
        Path all = Path.of("/sys/fs/cgroup");
        if (Files.exists(all.resolve("cgroup.controllers"))) {
            return List.of(all);
        }
        try (Stream<Path> each = Files.list(all)) {
            return each.toList();
        }
    }

    @Test
    void theSameCommandsOnTheHostFireNoContainerRule() throws Exception {
        int before = sensor.alerts().size();
        Path classes = Path.of("target/test-classes").toAbsolutePath();
        run("apt-get", "--version");
        run("sh", "-c", "echo test");
        run("script", "-qec", "sh -c 'echo test'", "/dev/null");
        run("java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classes.toString(), ShellSpawner.class.getName());
        run("unshare", "-m", "sh", "-c", "mount -t tmpfs planted /usr/bin && echo planted > /usr/bin/planted");
        String marker = "/etc/shadow";
        run("cat", marker);
        // The host's own shadow read comes after all of the above: once it is evaluated, so are they.
        await(x -> x.rule().equals("Read sensitive file untrusted") && "host".equals(x.outputFields().get("container.id"))
                && String.valueOf(x.outputFields().get("proc.cmdline")).contains(marker));
        List<Alert> all = sensor.alerts();
        List<Alert> after = all.subList(before, all.size());
        // No container runs now: a container rule here means a host process taken for a container's
        // (late alerts of this class's own earlier containers aside).
        assertThat(after).as("container rules fired while only host commands ran")
                .filteredOn(x -> CONTAINER_RULES.contains(x.rule()) && !STARTED.contains(x.outputFields().get("container.id")))
                .isEmpty();
    }

    private static void run(String... argv) throws Exception {
        LiveSensor.run(argv);
    }
}
