package dev.kestrel.core.event.jsonl;

import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Errno;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventParam;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.FlagTable;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.HostEntry;
import dev.kestrel.core.event.ParamKind;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.field.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Turns the JSON objects of an event line into events and records, or a {@link BadRecord} reason. */
final class RecordDecoder {

    /** A line whose content cannot be used; the message is the reason shown to the user. */
    static final class BadRecord extends Exception {
        private static final long serialVersionUID = 1L;

        BadRecord(String message) {
            super(message, null, false, false);
        }
    }

    private static final Set<String> SYSCALL_KEYS = Set.of("ts", "type", "tid", "pid", "ret", "args");

    private final int maxStringBytes;
    private long cutStrings;

    RecordDecoder(int maxStringBytes) {
        this.maxStringBytes = maxStringBytes;
    }

    /** How many string parameters were cut so far. */
    long cutStrings() {
        return cutStrings;
    }

    void syscall(Map<String, Object> obj, long ts, Event into) throws BadRecord {
        for (String k : obj.keySet()) {
            if (!SYSCALL_KEYS.contains(k)) {
                throw new BadRecord("unknown key \"" + k + "\" (a syscall event has ts, type, tid, pid, ret, args)");
            }
        }
        Object typeValue = obj.get("type");
        if (!(typeValue instanceof String typeName)) {
            throw new BadRecord("\"type\" must be an event name such as \"openat\"");
        }
        EventType type = EventType.fromName(typeName);
        if (type == null) {
            throw new BadRecord("unknown event type \"" + typeName + "\"");
        }
        if (!obj.containsKey("tid")) {
            throw new BadRecord("a syscall event needs \"tid\"");
        }
        long tid = number(obj, "tid", 0);
        long pid = obj.containsKey("pid") ? number(obj, "pid", tid) : tid;
        long ret = returnValue(obj.get("ret"));
        into.reset(type, ts, tid, pid, ret);
        Object args = obj.get("args");
        if (args == null) {
            return;
        }
        if (!(args instanceof Map<?, ?> map)) {
            throw new BadRecord("\"args\" must be an object of parameter names to values");
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            EventParam p = type.param(name);
            if (p == null) {
                String known = type.params().stream().map(EventParam::name).collect(Collectors.joining(", "));
                throw new BadRecord("unknown parameter \"" + name + "\" for " + typeName
                        + (known.isEmpty() ? " (it takes none)" : " (known: " + known + ")"));
            }
            setParam(into, p, e.getValue(), typeName);
        }
    }

    private static long returnValue(Object ret) throws BadRecord {
        if (ret == null) {
            return 0;
        }
        if (ret instanceof Long l) {
            return l;
        }
        if (ret instanceof String s) {
            int code = Errno.code(s);
            if (code > 0) {
                return -code;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new BadRecord("\"ret\" must be a number or an errno name such as \"ENOENT\", got \"" + s + "\"");
            }
        }
        throw new BadRecord("\"ret\" must be a number or an errno name such as \"ENOENT\"");
    }

    private String cut(Event into, EventParam p, String s) {
        String kept = ParamText.cut(s, maxStringBytes);
        if (kept != s) {
            into.markCut(p.slot());
            cutStrings++;
        }
        return kept;
    }

    private void setParam(Event into, EventParam p, Object value, String typeName) throws BadRecord {
        String where = "parameter \"" + p.name() + "\" of " + typeName;
        if (value == null) {
            return;
        }
        if (p.kind() == ParamKind.LIST) {
            if (!(value instanceof List<?> list)) {
                throw new BadRecord(where + " must be an array of strings");
            }
            List<String> strings = new ArrayList<>(list.size());
            for (Object o : list) {
                strings.add(cut(into, p, String.valueOf(o)));
            }
            into.setList(p.slot(), strings);
            return;
        }
        if (value instanceof Long l) {
            if (p.kind().numeric()) {
                into.setNumber(p.slot(), l);
            } else {
                into.setText(p.slot(), Long.toString(l));
            }
        } else if (value instanceof String text) {
            String s = text;
            if (p.kind() == ParamKind.FLAGS || !p.kind().numeric()) {
                s = cut(into, p, text);
                if (p.kind() == ParamKind.FLAGS && p.flags() != null) {
                    String unknown = FlagNames.firstUnknown(p.flags(), s);
                    if (unknown != null) {
                        throw new BadRecord(where + " has an unknown flag \"" + unknown + "\"");
                    }
                }
                into.setText(p.slot(), s);
            } else if (p.kind() == ParamKind.ERRNO && Errno.code(s) > 0) {
                into.setNumber(p.slot(), -Errno.code(s));
            } else {
                try {
                    into.setNumber(p.slot(), ParamText.number(p.kind(), s));
                } catch (NumberFormatException e) {
                    throw new BadRecord(where + " must be a number, got \"" + s + "\"");
                }
            }
        } else if (value instanceof Boolean b) {
            into.setNumber(p.slot(), b ? 1 : 0);
        } else {
            throw new BadRecord(where + " must be a string or a number");
        }
    }

    ProcessSnapshot snapshot(Map<String, Object> o) throws BadRecord {
        if (!o.containsKey("pid")) {
            throw new BadRecord("a snapshot needs \"pid\"");
        }
        long pid = number(o, "pid", 0);
        Object flags = o.get("exe_flags");
        long exeFlags = flags instanceof String s ? FlagTable.EXE.parse(s) : number(o, "exe_flags", 0);
        List<Long> tids = new ArrayList<>();
        for (Object t : list(o, "tids")) {
            if (!(t instanceof Long l)) {
                throw new BadRecord("\"tids\" must be an array of thread ids");
            }
            tids.add(l);
        }
        return new ProcessSnapshot(pid, number(o, "tid", pid), number(o, "ppid", 0), text(o, "comm"),
                text(o, "exe"), text(o, "exepath"), strings(o, "args"), strings(o, "env"), text(o, "cwd"),
                number(o, "tty", 0), number(o, "uid", -1), number(o, "gid", -1), number(o, "euid", number(o, "uid", -1)),
                number(o, "loginuid", -1), number(o, "sid", -1), number(o, "pgid", -1), number(o, "vpid", -1),
                number(o, "vpgid", -1), text(o, "container_id"), number(o, "start_ts", 0), text(o, "cap_effective"),
                text(o, "cap_permitted"), text(o, "cap_inheritable"), exeFlags, tids);
    }

    ContainerMetadata container(Map<String, Object> o) throws BadRecord {
        String id = text(o, "id");
        if (id == null || id.isEmpty()) {
            throw new BadRecord("a container record needs \"id\"");
        }
        List<ContainerMetadata.Mount> mounts = new ArrayList<>();
        for (Object m : list(o, "mounts")) {
            if (!(m instanceof Map)) {
                throw new BadRecord("\"mounts\" must be an array of objects {source, dest, mode, rw, propagation}");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> mm = (Map<String, Object>) m;
            mounts.add(new ContainerMetadata.Mount(text(mm, "source"), text(mm, "dest"), text(mm, "mode"),
                    bool(mm, "rw", true), text(mm, "propagation")));
        }
        String repository = text(o, "repository");
        String tag = text(o, "tag");
        String image = text(o, "image");
        if (image == null && repository != null) {
            image = tag == null ? repository : repository + ":" + tag;
        }
        return new ContainerMetadata(id.length() > 12 ? id.substring(0, 12) : id, id.length() > 12 ? id : text(o, "full_id"),
                text(o, "name"), image, repository, tag, text(o, "image_id"), text(o, "digest"), text(o, "type"),
                bool(o, "privileged", false), labels(o), mounts, number(o, "start_ts", 0), text(o, "ip"),
                bool(o, "host_pid", false), bool(o, "host_network", false), bool(o, "host_ipc", false),
                text(o, "pod_uid"));
    }

    PodMetadata pod(Map<String, Object> o) throws BadRecord {
        String uid = text(o, "uid");
        if (uid == null || uid.isEmpty()) {
            throw new BadRecord("a pod record needs \"uid\"");
        }
        return new PodMetadata(uid, text(o, "name"), text(o, "namespace"), labels(o), text(o, "ip"),
                text(o, "sandbox_id"), strings(o, "containers"));
    }

    UserMetadata user(Map<String, Object> o) throws BadRecord {
        if (!o.containsKey("uid") || text(o, "name") == null) {
            throw new BadRecord("a user record needs \"uid\" and \"name\"");
        }
        return new UserMetadata(number(o, "uid", 0), text(o, "name"), text(o, "home"), text(o, "shell"));
    }

    HostEntry host(Map<String, Object> o) throws BadRecord {
        IpAddress ip = IpAddress.parse(text(o, "ip"));
        if (ip == null || text(o, "name") == null) {
            throw new BadRecord("a host record needs \"ip\" (a numeric address) and \"name\"");
        }
        return new HostEntry(ip, text(o, "name"));
    }

    GroupMetadata group(Map<String, Object> o) throws BadRecord {
        if (!o.containsKey("gid") || text(o, "name") == null) {
            throw new BadRecord("a group record needs \"gid\" and \"name\"");
        }
        return new GroupMetadata(number(o, "gid", 0), text(o, "name"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> o, String key) throws BadRecord {
        Object v = o.get(key);
        if (!(v instanceof Map)) {
            throw new BadRecord("\"" + key + "\" must be an object");
        }
        return (Map<String, Object>) v;
    }

    static long number(Map<String, Object> o, String key, long otherwise) throws BadRecord {
        Object v = o.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        if (v instanceof Double d) {
            throw new BadRecord("\"" + key + "\" must be a whole number that fits in 64 bits, got " + d);
        }
        throw new BadRecord("\"" + key + "\" must be an integer, got " + v);
    }

    private static String text(Map<String, Object> o, String key) throws BadRecord {
        Object v = o.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Long || v instanceof Boolean) {
            return String.valueOf(v);
        }
        throw new BadRecord("\"" + key + "\" must be a string");
    }

    private static boolean bool(Map<String, Object> o, String key, boolean otherwise) throws BadRecord {
        Object v = o.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new BadRecord("\"" + key + "\" must be true or false");
    }

    private static List<?> list(Map<String, Object> o, String key) throws BadRecord {
        Object v = o.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new BadRecord("\"" + key + "\" must be an array");
    }

    private static List<String> strings(Map<String, Object> o, String key) throws BadRecord {
        List<String> out = new ArrayList<>();
        for (Object x : list(o, key)) {
            out.add(String.valueOf(x));
        }
        return out;
    }

    private static Map<String, String> labels(Map<String, Object> o) throws BadRecord {
        Object v = o.get("labels");
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new BadRecord("\"labels\" must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return out;
    }
}
