package dev.kestrel.testkit;

import dev.kestrel.core.json.JsonWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Expands a world and its actions into the events of Kestrel's JSON Lines format, as objects in
 * stream order: user and group records, containers and pods, process snapshots, then each action's
 * syscall events. The events are the same a sensor would produce, so the engine rebuilds process
 * ancestry, containers and pods through its ordinary state. Stateless; one call per test.
 *
 * <p>Defaults (documented in docs/testing-rules.md): time starts at {@link #BASE_TS} and each event
 * is one millisecond later; pids from 2000 up; fds from 3 up per process; ephemeral ports from 40000.
 */
final class EventExpansion {

    /** 2024-11-29T09:00:00Z in nanoseconds: the time of the world's records. */
    static final long BASE_TS = 1_732_870_800_000_000_000L;
    static final long TICK = 1_000_000L;
    static final long TERMINAL = 34816; // /dev/pts/0
    static final String HOST_IP = "10.0.0.10";
    private static final String CLONE_FLAGS = "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD";

    /** Where a problem is: a section ({@code containers}, {@code processes}, {@code users}, {@code when}), an index, a key. */
    record Problem(String section, int index, String key, String message) {
    }

    /** The world or the actions refer to something that does not exist; every problem found. */
    static final class InvalidTest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<Problem> problems;

        InvalidTest(List<Problem> problems) {
            super(problems.get(0).message(), null, false, false);
            this.problems = List.copyOf(problems);
        }

        List<Problem> problems() {
            return problems;
        }
    }

    private static final class Proc {
        final long pid;
        final String container;
        long uid;
        String cwd;
        int nextFd = 3;
        boolean exited;

        Proc(long pid, String container, long uid, String cwd) {
            this.pid = pid;
            this.container = container;
            this.uid = uid;
            this.cwd = cwd;
        }
    }

    private final List<Map<String, Object>> out = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Long> uids = new LinkedHashMap<>();
    private final Map<String, UserAccount> declaredUsers = new HashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private final Map<String, String> containerIps = new HashMap<>();
    private final Map<String, Long> shims = new HashMap<>();
    private final Map<String, Proc> initOf = new HashMap<>();
    private final Map<String, Proc> byId = new HashMap<>();
    private final Map<Long, Proc> byPid = new HashMap<>();
    private final Set<Long> takenPids = new HashSet<>();
    private long nextPid = 2000;
    private long nextUid = 1000;
    private int nextPort = 40000;
    private long ts = BASE_TS;

    private EventExpansion() {
    }

    /**
     * The events of {@code world} and {@code actions}, in order, as JSON objects.
     *
     * @throws InvalidTest naming every undefined process, container or bad value
     */
    static List<Map<String, Object>> expand(World world, List<Action> actions) {
        EventExpansion x = new EventExpansion();
        x.world(world, actions);
        for (int i = 0; i < actions.size(); i++) {
            x.action(i, actions.get(i));
        }
        if (!x.problems.isEmpty()) {
            throw new InvalidTest(x.problems);
        }
        return x.out;
    }

    // ---- the world ----

    private void world(World w, List<Action> actions) {
        uids.put("root", 0L);
        for (int i = 0; i < w.users().size(); i++) {
            UserAccount u = w.users().get(i);
            if (declaredUsers.putIfAbsent(u.name(), u) != null) {
                problems.add(new Problem("users", i, "name", "user '" + u.name() + "' is declared twice"));
            }
            if (u.uid() >= 0) {
                uids.put(u.name(), u.uid());
            }
        }
        for (RunningProcess p : w.processes()) {
            if (p.pid() > 0) {
                takenPids.add(p.pid());
            }
        }
        for (UserAccount u : w.users()) {
            uid(u.name());
        }
        for (RunningProcess p : w.processes()) {
            if (p.user() != null) {
                uid(p.user());
            }
        }
        for (Action a : actions) {
            if (a instanceof Action.Spawn s && s.user() != null) {
                uid(s.user());
            }
        }
        emitUsers();
        emit(map("snapshot", map("pid", 1L, "ppid", 0L, "comm", "systemd", "exe", "/usr/lib/systemd/systemd",
                "exepath", "/usr/lib/systemd/systemd", "args", List.of(), "cwd", "/", "uid", 0L, "gid", 0L,
                "start_ts", BASE_TS - 86_400_000_000_000L)));
        Proc init = new Proc(1, null, 0, "/");
        byPid.put(1L, init);
        takenPids.add(1L);
        containers(w.containers());
        for (int i = 0; i < w.processes().size(); i++) {
            process(i, w.processes().get(i));
        }
    }

    private long uid(String name) {
        Long known = uids.get(name);
        if (known != null) {
            return known;
        }
        while (uids.containsValue(nextUid)) {
            nextUid++;
        }
        uids.put(name, nextUid);
        return nextUid++;
    }

    private void emitUsers() {
        for (Map.Entry<String, Long> e : uids.entrySet()) {
            String name = e.getKey();
            UserAccount declared = declaredUsers.get(name);
            String home = declared != null && declared.home() != null ? declared.home()
                    : name.equals("root") ? "/root" : "/home/" + name;
            String shell = declared != null && declared.shell() != null ? declared.shell() : "/bin/sh";
            emit(map("user", map("uid", e.getValue(), "name", name, "home", home, "shell", shell)));
            emit(map("group", map("gid", e.getValue(), "name", name)));
        }
    }

    private void containers(List<Container> list) {
        Map<String, List<String>> podContainers = new LinkedHashMap<>();
        Map<String, Container> podFirst = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Container c = list.get(i);
            String id = shortId(c.id());
            if (!id.matches("[0-9a-zA-Z_.-]+")) {
                problems.add(new Problem("containers", i, "id", "container id '" + c.id()
                        + "' must be letters, digits, '.', '_' or '-'"));
                continue;
            }
            if (containers.putIfAbsent(id, c) != null) {
                problems.add(new Problem("containers", i, "id", "container '" + id + "' is declared twice"));
                continue;
            }
            String ip = c.ip() != null ? c.ip() : "10.244." + (1 + containers.size() / 250) + "." + (10 + containers.size() % 240);
            containerIps.put(id, ip);
            if (c.pod() != null) {
                String key = namespace(c) + "/" + c.pod();
                podContainers.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                podFirst.putIfAbsent(key, c);
            }
            String image = c.image() != null ? c.image() : "busybox:latest";
            int slash = image.lastIndexOf('/');
            int colon = image.lastIndexOf(':');
            String repository = colon > slash ? image.substring(0, colon) : image;
            String tag = colon > slash ? image.substring(colon + 1) : "latest";
            Map<String, Object> rec = map("id", c.id(), "name", c.name() != null ? c.name()
                    : repository.substring(repository.lastIndexOf('/') + 1), "image", image, "repository", repository,
                    "tag", tag, "type", "containerd", "privileged", c.privileged(), "ip", ip,
                    "start_ts", BASE_TS - 7_200_000_000_000L);
            if (c.pod() != null) {
                rec.put("pod_uid", podUid(namespace(c), c.pod()));
            }
            emit(map("container", rec));
        }
        for (Map.Entry<String, List<String>> e : podContainers.entrySet()) {
            Container c = podFirst.get(e.getKey());
            emit(map("pod", map("uid", podUid(namespace(c), c.pod()), "name", c.pod(), "namespace", namespace(c),
                    "labels", c.labels(), "ip", containerIps.get(e.getValue().get(0)), "containers", e.getValue())));
        }
        for (String id : containers.keySet()) {
            long pid = pid();
            shims.put(id, pid);
            byPid.put(pid, new Proc(pid, null, 0, "/"));
            emit(map("snapshot", map("pid", pid, "ppid", 1L, "comm", "containerd-shim",
                    "exe", "/usr/bin/containerd-shim-runc-v2", "exepath", "/usr/bin/containerd-shim-runc-v2",
                    "args", List.of("-namespace", "k8s.io", "-id", id, "-address", "/run/containerd/containerd.sock"),
                    "cwd", "/", "uid", 0L, "gid", 0L, "start_ts", BASE_TS - 7_200_000_000_000L)));
        }
    }

    private static String namespace(Container c) {
        return c.namespace() != null ? c.namespace() : "default";
    }

    private static String podUid(String namespace, String pod) {
        return UUID.nameUUIDFromBytes((namespace + "/" + pod).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private void process(int index, RunningProcess p) {
        if (byId.containsKey(p.id())) {
            problems.add(new Problem("processes", index, "id", "process id '" + p.id() + "' is used twice"));
            return;
        }
        String container = p.container() == null ? null : shortId(p.container());
        if (container != null && !containers.containsKey(container)) {
            problems.add(new Problem("processes", index, "container", "no container '" + p.container()
                    + "' in this test" + known(containers.keySet(), "containers")));
            return;
        }
        if (p.pid() == 1) {
            problems.add(new Problem("processes", index, "pid", "pid 1 is the host's systemd; give another pid"));
            return;
        }
        if (p.pid() > 0 && byPid.containsKey(p.pid())) {
            problems.add(new Problem("processes", index, "pid", "pid " + p.pid() + " is used twice"));
            return;
        }
        long ppid;
        boolean init = false;
        if (p.parent() != null) {
            Proc parent = find(p.parent());
            if (parent == null) {
                problems.add(new Problem("processes", index, "parent", "no process '" + p.parent()
                        + "' is defined before this one" + known(byId.keySet(), "processes")));
                return;
            }
            ppid = parent.pid;
        } else if (container != null) {
            Proc containerInit = initOf.get(container);
            init = containerInit == null;
            ppid = init ? shims.get(container) : containerInit.pid;
        } else {
            ppid = 1;
        }
        long pid = p.pid() > 0 ? p.pid() : pid();
        long uid = p.user() == null ? 0 : uids.get(p.user());
        String cwd = p.cwd() != null ? p.cwd() : "/";
        Proc proc = new Proc(pid, container, uid, cwd);
        byId.put(p.id(), proc);
        byPid.put(pid, proc);
        if (init) {
            initOf.put(container, proc);
        }
        Map<String, Object> snap = map("pid", pid, "ppid", ppid, "comm", comm(p.exe()), "exe", p.exe(),
                "exepath", p.exe(), "args", p.args(), "cwd", cwd, "tty", p.tty() ? TERMINAL : 0L, "uid", uid,
                "gid", uid, "sid", pid, "pgid", pid, "start_ts", BASE_TS - 3_600_000_000_000L);
        if (container != null) {
            snap.put("container_id", container);
            snap.put("exe_flags", "EXE_LOWER_LAYER");
            if (init) {
                snap.put("vpid", 1L);
            }
        }
        emit(map("snapshot", snap));
    }

    // ---- actions ----

    private void action(int index, Action a) {
        if (a instanceof Action.RawEvent raw) {
            raw(index, raw);
            return;
        }
        Proc p = find(a.as());
        if (p == null) {
            problems.add(new Problem("when", index, "as", "no process '" + a.as() + "' in this test"
                    + known(byId.keySet(), "processes")));
            return;
        }
        if (p.exited) {
            problems.add(new Problem("when", index, "as", "process '" + a.as() + "' has already exited"));
            return;
        }
        if (a instanceof Action.Spawn s) {
            spawn(index, p, s);
        } else if (a instanceof Action.Open o) {
            open(p, o);
        } else if (a instanceof Action.Connect c) {
            connect(index, p, c);
        } else if (a instanceof Action.Exec e) {
            exec(p, e.exe(), e.args(), e.dropped());
        } else if (a instanceof Action.Exit) {
            syscall("procexit", p, 0, map("status", 0L));
            p.exited = true;
        }
    }

    private void spawn(int index, Proc parent, Action.Spawn s) {
        String container = s.container() == null ? null : shortId(s.container());
        if (container != null && !containers.containsKey(container)) {
            problems.add(new Problem("when", index, "container", "no container '" + s.container() + "' in this test"
                    + known(containers.keySet(), "containers")));
            return;
        }
        if (s.id() != null && byId.containsKey(s.id())) {
            problems.add(new Problem("when", index, "id", "process id '" + s.id() + "' is used twice"));
            return;
        }
        long uid = parent.uid;
        if (s.user() != null) {
            uid = uids.get(s.user());
        }
        long pid = pid();
        Proc child = new Proc(pid, container != null ? container : parent.container, uid, parent.cwd);
        child.nextFd = parent.nextFd;
        syscall("clone", parent, pid, map("flags", CLONE_FLAGS));
        Map<String, Object> args = map("filename", s.exe(), "exe", s.exe(), "args", s.args(), "cwd", parent.cwd);
        if (s.tty() != null) {
            args.put("tty", s.tty() ? TERMINAL : 0L);
        }
        if (s.user() != null) {
            args.put("uid", uid);
            args.put("gid", uid);
        }
        if (container != null) {
            args.put("container_id", container);
        }
        String flags = exeFlags(child, s.dropped());
        if (flags != null) {
            args.put("flags", flags);
        }
        syscall("execve", child, 0, args);
        byPid.put(pid, child);
        if (s.id() != null) {
            byId.put(s.id(), child);
        }
    }

    private void exec(Proc p, String exe, List<String> argv, boolean dropped) {
        Map<String, Object> args = map("filename", exe, "exe", exe, "args", argv);
        String flags = exeFlags(p, dropped);
        if (flags != null) {
            args.put("flags", flags);
        }
        syscall("execve", p, 0, args);
    }

    private static String exeFlags(Proc p, boolean dropped) {
        if (dropped) {
            return "EXE_WRITABLE|EXE_UPPER_LAYER";
        }
        return p.container != null ? "EXE_LOWER_LAYER" : null;
    }

    private void open(Proc p, Action.Open o) {
        long fd = p.nextFd++;
        Map<String, Object> args = map("dirfd", -100L, "name", o.path(), "flags",
                o.write() ? "O_WRONLY|O_CREAT|O_TRUNC" : "O_RDONLY");
        if (o.write()) {
            args.put("mode", "0644");
        }
        syscall("openat", p, fd, args);
    }

    private void connect(int index, Proc p, Action.Connect c) {
        String address = c.address().trim();
        int colon = address.lastIndexOf(':');
        boolean v6 = address.startsWith("[");
        String host = colon > 0 ? address.substring(0, colon) : "";
        String port = colon > 0 ? address.substring(colon + 1) : "";
        if (v6 && !host.endsWith("]") || host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
            problems.add(new Problem("when", index, "connect", "'" + c.address()
                    + "' is not HOST:PORT (e.g. 203.0.113.7:4444 or [2001:db8::1]:443)"));
            return;
        }
        long fd = p.nextFd++;
        syscall("socket", p, fd, map("domain", v6 ? "AF_INET6" : "AF_INET", "type", c.udp() ? 2L : 1L, "proto", 0L));
        String source = p.container != null ? containerIps.get(p.container) : HOST_IP;
        if (v6) {
            source = "[::ffff:" + source + "]";
        }
        syscall("connect", p, 0, map("fd", fd, "tuple", source + ":" + nextPort++ + "->" + host + ":" + port));
    }

    private void raw(int index, Action.RawEvent raw) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ts", next());
        json.putAll(raw.json());
        if (raw.as() != null) {
            Proc p = find(raw.as());
            if (p == null) {
                problems.add(new Problem("when", index, "as", "no process '" + raw.as() + "' in this test"
                        + known(byId.keySet(), "processes")));
                return;
            }
            json.putIfAbsent("tid", p.pid);
            json.putIfAbsent("pid", p.pid);
        }
        out.add(json);
    }

    // ---- helpers ----

    private void syscall(String type, Proc p, long ret, Map<String, Object> args) {
        out.add(map("ts", next(), "type", type, "tid", p.pid, "pid", p.pid, "ret", ret, "args", args));
    }

    private long next() {
        ts += TICK;
        return ts;
    }

    private void emit(Map<String, Object> record) {
        Map<String, Object> withTs = new LinkedHashMap<>();
        withTs.put("ts", BASE_TS);
        withTs.putAll(record);
        out.add(withTs);
    }

    private Proc find(String ref) {
        Proc p = byId.get(ref);
        if (p == null && ref != null && ref.matches("[0-9]{1,10}")) {
            p = byPid.get(Long.parseLong(ref));
        }
        return p;
    }

    private long pid() {
        while (takenPids.contains(nextPid)) {
            nextPid++;
        }
        takenPids.add(nextPid);
        return nextPid++;
    }

    static String comm(String exe) {
        String base = exe.substring(exe.lastIndexOf('/') + 1);
        return base.length() > 15 ? base.substring(0, 15) : base;
    }

    private static String known(Set<String> names, String what) {
        return names.isEmpty() ? "" : " (" + what + ": " + String.join(", ", names) + ")";
    }

    /** Each event as one JSON Lines line. */
    static List<String> lines(List<Map<String, Object>> events) {
        List<String> lines = new ArrayList<>(events.size());
        events.forEach(e -> lines.add(JsonWriter.write(e)));
        return lines;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
