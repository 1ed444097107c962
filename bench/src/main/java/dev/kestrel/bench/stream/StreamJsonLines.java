package dev.kestrel.bench.stream;

import dev.kestrel.core.json.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a generated stream in Kestrel's JSON Lines event format, so the CLI can replay it
 * ({@code kestrel replay stream.jsonl}): users, containers and pods, one process snapshot per thread
 * group, then the prologue and {@code loops} copies of the body.
 */
public final class StreamJsonLines {
    private StreamJsonLines() {
    }

    /** Writes every line of {@code stream}, the body repeated {@code loops} times. */
    public static void write(GeneratedStream stream, int loops, Writer out) throws IOException {
        for (String line : headerLines(stream)) {
            out.write(line);
            out.write('\n');
        }
        for (SyscallRecord r : stream.prologue()) {
            out.write(eventLine(r, 0));
            out.write('\n');
        }
        long shift = 0;
        long span = stream.body().isEmpty() ? 0
                : stream.body().get(stream.body().size() - 1).timestampNanos() - stream.body().get(0).timestampNanos() + 1_000;
        for (int loop = 0; loop < loops; loop++) {
            for (SyscallRecord r : stream.body()) {
                out.write(eventLine(r, shift));
                out.write('\n');
            }
            shift += span;
        }
    }

    /**
     * The records that set up state: users, containers, pods and process snapshots. They carry the
     * stream's start time: the state expires metadata in event time, so a record without one would be
     * stale by the first event.
     */
    public static List<String> headerLines(GeneratedStream stream) {
        long ts = World.START_NANOS - 1_000_000_000L;
        List<String> lines = new ArrayList<>();
        Map<Long, String> users = new TreeMap<>();
        for (ProcessRecord p : stream.processes()) {
            users.put(p.uid(), p.user());
        }
        users.forEach((uid, name) -> lines.add(JsonWriter.write(ordered("ts", ts, "user", ordered(
                "uid", uid, "name", name, "home", uid == 0 ? "/root" : "/home/" + name,
                "shell", uid == 0 || uid == 1000 ? "/bin/bash" : "/usr/sbin/nologin")))));
        for (ContainerRecord c : stream.containers()) {
            lines.add(JsonWriter.write(ordered("ts", ts, "container", ordered("id", c.fullId(), "name", c.name(),
                    "repository", c.repository(), "tag", c.tag(), "type", "containerd", "privileged", c.privileged(),
                    "pod_uid", c.podUid()))));
            if (c.podUid() != null) {
                lines.add(JsonWriter.write(ordered("ts", ts, "pod", ordered("uid", c.podUid(), "name", c.podName(),
                        "namespace", c.namespace(), "labels", c.podLabels(), "containers", List.of(c.id())))));
            }
        }
        Map<Long, List<Long>> threads = new LinkedHashMap<>();
        for (ProcessRecord p : stream.processes()) {
            threads.computeIfAbsent(p.pid(), k -> new ArrayList<>()).add(p.tid());
        }
        for (ProcessRecord p : stream.processes()) {
            if (p.tid() != p.pid()) {
                continue;
            }
            lines.add(JsonWriter.write(ordered("ts", ts, "snapshot", ordered("pid", p.pid(), "tid", p.tid(), "ppid", p.ppid(),
                    "comm", p.comm(), "exe", p.exe(), "exepath", p.exe(), "args", p.args(), "cwd", p.cwd(), "tty", p.tty(),
                    "uid", p.uid(), "gid", p.gid(), "container_id", p.containerId() == null ? "host" : p.containerId(),
                    "start_ts", p.startNanos(), "tids", threads.get(p.pid())))));
        }
        return lines;
    }

    /** One syscall event line, its timestamp moved by {@code shift} nanoseconds. */
    public static String eventLine(SyscallRecord r, long shift) {
        return JsonWriter.write(ordered("ts", r.timestampNanos() + shift, "type", r.type().falcoName(), "tid", r.tid(),
                "pid", r.pid(), "ret", r.result(), "args", r.params()));
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }
}
