package dev.kestrel.fields;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import dev.kestrel.fields.state.ThreadInfo;
import java.util.List;
import java.util.Map;

/** Hand-built event sequences for tests: each call applies one event and returns its context. */
public final class EventScript {

    public final SystemState state;
    private final Event event = new Event();
    private long ts = 1_700_000_000_000_000_000L;

    public EventScript(SystemState state) {
        this.state = state;
    }

    public EventScript() {
        this(SystemState.create());
    }

    public long now() {
        return ts;
    }

    public EventScript advance(long nanos) {
        ts += nanos;
        return this;
    }

    /** Applies an event of {@code type} by thread {@code tid}; params alternate name, value. */
    public StateContext apply(EventType type, long tid, long ret, Object... params) {
        ts += 1_000;
        ThreadInfo t = state.threads().thread(tid);
        long pid = t == null ? tid : t.process().pid();
        event.reset(type, ts, tid, pid, ret);
        for (int i = 0; i < params.length; i += 2) {
            String name = (String) params[i];
            Object v = params[i + 1];
            if (v instanceof String s) {
                event.setParam(name, s);
            } else if (v instanceof Number n) {
                event.setParam(name, n.longValue());
            } else {
                @SuppressWarnings("unchecked")
                List<String> l = (List<String>) v;
                event.setParam(name, l);
            }
        }
        return state.apply(event);
    }

    public StateContext snapshot(long pid, long ppid, String comm, String exePath, List<String> args, String container) {
        ts += 1_000;
        event.resetProcess(ts, new ProcessSnapshot(pid, pid, ppid, comm, exePath, exePath, args, List.of(), "/",
                0, 0, 0, 0, -1, pid, pid, -1, -1, container, ts - 5_000_000_000L, null, null, null, 0, List.of(pid)));
        return state.apply(event);
    }

    public StateContext container(String id, String name, String repo, String tag, String podUid, boolean privileged) {
        ts += 1_000;
        event.resetContainer(ts, new ContainerMetadata(id, null, name, repo + ":" + tag, repo, tag, "sha256:1", null,
                "containerd", privileged, Map.of("app", name), List.of(), ts - 60_000_000_000L, "10.1.0.5", false, false,
                false, podUid));
        return state.apply(event);
    }

    public StateContext pod(String uid, String name, String ns, Map<String, String> labels) {
        ts += 1_000;
        event.resetPod(ts, new PodMetadata(uid, name, ns, labels, "10.1.0.5", "sandbox123456", List.of()));
        return state.apply(event);
    }

    public StateContext user(long uid, String name) {
        ts += 1_000;
        event.resetUser(ts, new UserMetadata(uid, name, "/home/" + name, "/bin/sh"));
        return state.apply(event);
    }

    public StateContext fork(long tid, long child) {
        return apply(EventType.CLONE, tid, child, "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID");
    }

    public StateContext thread(long tid, long child) {
        return apply(EventType.CLONE, tid, child, "flags", "CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD");
    }

    public StateContext exec(long tid, String path, String... args) {
        return apply(EventType.EXECVE, tid, 0, "filename", path, "exe", path, "args", List.of(args));
    }

    public StateContext open(long tid, String name, String flags, long fd) {
        return apply(EventType.OPENAT, tid, fd, "dirfd", -100, "name", name, "flags", flags);
    }

    public StateContext socket(long tid, long fd) {
        return apply(EventType.SOCKET, tid, fd, "domain", "AF_INET", "type", 1, "proto", 0);
    }

    public StateContext connect(long tid, long fd, String tuple) {
        return apply(EventType.CONNECT, tid, 0, "fd", fd, "tuple", tuple);
    }

    public StateContext exit(long tid) {
        return apply(EventType.PROCEXIT, tid, 0);
    }
}
