package dev.kestrel.bench.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulated machine: a Kubernetes node with host daemons and the pods of a blog system (two
 * nginx {@code web} pods, a Spring Boot {@code was} pod, mysql, coredns and a BuildKit builder),
 * a few hundred threads in all. Built deterministically from the generator's random source.
 */
final class World {
    static final long START_NANOS = 1_767_225_600_000_000_000L;

    final List<ContainerRecord> containers = new ArrayList<>();
    final List<ProcessRecord> processes = new ArrayList<>();
    final List<Actor> actors = new ArrayList<>();
    private final SplittableRandom random;
    private long nextPid = 300;
    private final Map<Long, Integer> nextFd = new HashMap<>();

    World(SplittableRandom random) {
        this.random = random;
        ProcessRecord systemd = process(1, 0, "systemd", "/usr/lib/systemd/systemd", List.of("--system"), "/", 0, "root", null);
        ProcessRecord kthreadd = process(2, 0, "kthreadd", "", List.of(), "/", 0, "root", null);
        for (int i = 0; i < 64; i++) {
            actor(thread(kthreadd, "kworker/" + (i % 2) + ":" + i), Actor.Role.IDLE, null);
        }
        actor(daemon(systemd, "systemd-journald", "/usr/lib/systemd/systemd-journald", List.of(), 0, "root"), Actor.Role.LOGGER, null);
        ProcessRecord rsyslog = daemon(systemd, "rsyslogd", "/usr/sbin/rsyslogd", List.of("-n"), 0, "root");
        actor(rsyslog, Actor.Role.LOGGER, null);
        threads(rsyslog, 3, Actor.Role.IDLE, null);
        for (String name : List.of("systemd-udevd", "dbus-daemon", "chronyd", "agetty", "polkitd", "systemd-logind", "sshd")) {
            actor(daemon(systemd, name, "/usr/sbin/" + name, List.of(), name.equals("chronyd") ? 998 : 0, name.equals("chronyd") ? "_chrony" : "root"),
                    Actor.Role.IDLE, null);
        }
        ProcessRecord cron = daemon(systemd, "cron", "/usr/sbin/cron", List.of("-f"), 0, "root");
        actor(cron, Actor.Role.SPAWNER, null);
        ProcessRecord containerd = daemon(systemd, "containerd", "/usr/bin/containerd", List.of(), 0, "root");
        actor(containerd, Actor.Role.LOGGER, null);
        threads(containerd, 10, Actor.Role.IDLE, null);
        ProcessRecord kubelet = daemon(systemd, "kubelet", "/usr/bin/kubelet", List.of("--config=/var/lib/kubelet/config.yaml"), 0, "root");
        actor(kubelet, Actor.Role.MONITOR, null);
        threads(kubelet, 15, Actor.Role.IDLE, null);
        ProcessRecord exporter = daemon(systemd, "node_exporter", "/usr/local/bin/node_exporter", List.of("--path.procfs=/proc"), 65534, "nobody");
        actor(exporter, Actor.Role.MONITOR, null);
        threads(exporter, 5, Actor.Role.MONITOR, null);
        ProcessRecord sshd = processes.stream().filter(p -> p.comm().equals("sshd")).findFirst().orElseThrow();
        ProcessRecord session = process(pid(), sshd.pid(), "sshd", "/usr/sbin/sshd", List.of("admin@pts/0"), "/", 1000, "admin", null);
        long shellPid = pid();
        ProcessRecord adminShell = new ProcessRecord(shellPid, shellPid, session.pid(), "bash", "/usr/bin/bash", List.of(),
                "/home/admin", 34816, 1000, 1000, "admin", null, START_NANOS - 3_600_000_000_000L);
        actor(adminShell, Actor.Role.SPAWNER, null);

        ContainerRecord web1 = container("3ad1c2f0b7e1", "web-6d9f7c5b8-x2k4p", "docker.io/library/nginx", "1.25", "web");
        ContainerRecord web2 = container("9b0e44d1a2c3", "web-6d9f7c5b8-q7m1z", "docker.io/library/nginx", "1.25", "web");
        ContainerRecord was = container("51f7aa9e0d4b", "was-7c4b8d9f6-h3j8n", "registry.example.com/blog/was", "2.3.1", "was");
        ContainerRecord mysql = container("c04e8b1f7a62", "mysql-0", "docker.io/library/mysql", "8.0", "mysql");
        ContainerRecord coredns = new ContainerRecord("e8d2a0c4f913", "coredns-5d78c9869d-8zq2w", "registry.k8s.io/coredns/coredns", "v1.11.1", false,
                "coredns-5d78c9869d-8zq2w", "kube-system", podUid("e8d2a0c4f913"), Map.of("k8s-app", "kube-dns"));
        ContainerRecord buildkit = new ContainerRecord("7a3f19c0d2e5", "buildkitd", "docker.io/moby/buildkit", "v0.12.5", true,
                null, null, null, Map.of());
        containers.addAll(List.of(web1, web2, was, mysql, coredns, buildkit));

        for (ContainerRecord web : List.of(web1, web2)) {
            ProcessRecord master = containerInit(containerd, web, "nginx", "/usr/sbin/nginx", List.of("-g", "daemon off;"), 0, "root");
            actor(master, Actor.Role.IDLE, web);
            for (int i = 0; i < 4; i++) {
                actor(process(pid(), master.pid(), "nginx", "/usr/sbin/nginx", List.of("-g", "daemon off;"), "/", 101, "nginx", web.id()),
                        Actor.Role.WEB, web);
            }
        }
        ProcessRecord java = containerInit(containerd, was, "java", "/opt/java/openjdk/bin/java",
                List.of("-Xmx1g", "-jar", "/app/blog-was.jar"), 1000, "spring");
        actor(java, Actor.Role.JAVA, was);
        threads(java, 60, Actor.Role.JAVA, was);
        ProcessRecord mysqld = containerInit(containerd, mysql, "mysqld", "/usr/sbin/mysqld", List.of(), 999, "mysql");
        actor(mysqld, Actor.Role.DATABASE, mysql);
        threads(mysqld, 30, Actor.Role.DATABASE, mysql);
        ProcessRecord dns = containerInit(containerd, coredns, "coredns", "/coredns", List.of("-conf", "/etc/coredns/Corefile"), 0, "root");
        actor(dns, Actor.Role.DNS, coredns);
        threads(dns, 8, Actor.Role.DNS, coredns);
        ProcessRecord bk = containerInit(containerd, buildkit, "buildkitd", "/usr/bin/buildkitd", List.of(), 0, "root");
        actor(bk, Actor.Role.IDLE, buildkit);
        threads(bk, 5, Actor.Role.IDLE, buildkit);
    }

    private static String podUid(String containerId) {
        return containerId.substring(0, 8) + "-" + containerId.substring(8, 12) + "-4000-8000-" + containerId;
    }

    long pid() {
        return nextPid++;
    }

    private ContainerRecord container(String id, String pod, String repository, String tag, String app) {
        return new ContainerRecord(id, "k8s_" + app + "_" + pod, repository, tag, false, pod, "blog-system", podUid(id),
                Map.of("app", app));
    }

    private ProcessRecord process(long pid, long ppid, String comm, String exe, List<String> args, String cwd, long uid,
            String user, String containerId) {
        ProcessRecord p = new ProcessRecord(pid, pid, ppid, comm, exe, args, cwd, 0, uid, uid, user, containerId,
                START_NANOS - 86_400_000_000_000L + random.nextLong(3_600_000_000_000L));
        processes.add(p);
        return p;
    }

    private ProcessRecord daemon(ProcessRecord parent, String comm, String exe, List<String> args, long uid, String user) {
        return process(pid(), parent.pid(), comm, exe, args, "/", uid, user, null);
    }

    private ProcessRecord containerInit(ProcessRecord containerd, ContainerRecord c, String comm, String exe, List<String> args,
            long uid, String user) {
        ProcessRecord shim = daemon(containerd, "containerd-shim", "/usr/bin/containerd-shim-runc-v2",
                List.of("-namespace", "k8s.io", "-id", c.id()), 0, "root");
        actor(shim, Actor.Role.IDLE, null);
        return process(pid(), shim.pid(), comm, exe, args, "/", uid, user, c.id());
    }

    private ProcessRecord thread(ProcessRecord leader, String comm) {
        ProcessRecord t = new ProcessRecord(pid(), leader.pid(), leader.ppid(), comm, leader.exe(), leader.args(), leader.cwd(),
                leader.tty(), leader.uid(), leader.gid(), leader.user(), leader.containerId(), leader.startNanos());
        processes.add(t);
        return t;
    }

    private void threads(ProcessRecord leader, int count, Actor.Role role, ContainerRecord c) {
        for (int i = 0; i < count; i++) {
            actor(thread(leader, leader.comm()), role, c);
        }
    }

    private void actor(ProcessRecord p, Actor.Role role, ContainerRecord c) {
        if (!processes.contains(p)) {
            processes.add(p);
        }
        boolean writes = role != Actor.Role.IDLE;
        boolean sockets = role == Actor.Role.WEB || role == Actor.Role.JAVA || role == Actor.Role.DATABASE || role == Actor.Role.DNS;
        int log = writes ? fd(p.pid()) : -1;
        int socket = sockets ? fd(p.pid()) : -1;
        actors.add(new Actor(p, role, c, log, socket));
    }

    /** A descriptor number not yet used by process {@code pid} (threads share their process's table). */
    int fd(long pid) {
        return nextFd.merge(pid, 1, Integer::sum) + 2;
    }

    /** Descriptor {@code k} (0, 1, ...) of the short-lived ones an activity of process {@code pid} opens and closes. */
    int transientFd(long pid, int k) {
        return nextFd.getOrDefault(pid, 0) + 3 + k;
    }

    /** The actors with {@code role}. */
    List<Actor> withRole(Actor.Role role) {
        return actors.stream().filter(a -> a.role() == role).toList();
    }

    /** The first actor in container {@code containerIndex} (0 web-1, 1 web-2, 2 was, 3 mysql, 4 coredns, 5 buildkit). */
    Actor inContainer(int containerIndex) {
        String id = containers.get(containerIndex).id();
        return actors.stream().filter(a -> id.equals(a.process().containerId())).findFirst().orElseThrow();
    }
}
