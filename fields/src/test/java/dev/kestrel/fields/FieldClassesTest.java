package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.field.FieldDescriptor;
import dev.kestrel.core.field.IpAddress;
import dev.kestrel.fields.state.StateContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Field classes read against a small process tree: init, containerd-shim, java (a container), sh, curl. */
class FieldClassesTest {

    private static final String CID = "3ad7b26ded6d";
    private final FieldProbe f = new FieldProbe();
    private EventScript s;

    @BeforeEach
    void tree() {
        s = new EventScript();
        s.user(1000, "app");
        s.container(CID, "was", "registry.local/blog/was", "1.4.2", "pod-uid-1", false);
        s.pod("pod-uid-1", "was-5c9d7", "blog-system", Map.of("app", "was"));
        s.snapshot(1, 0, "systemd", "/usr/lib/systemd/systemd", List.of(), null);
        s.snapshot(900, 1, "containerd-shim", "/usr/bin/containerd-shim-runc-v2", List.of("-namespace", "k8s.io"), null);
        s.snapshot(1200, 900, "java", "/opt/java/bin/java", List.of("-jar", "/app/was.jar"), CID);
        s.apply(EventType.SETUID, 1200, 0, "uid", 1000);
    }

    @Test
    void procFieldsFollowForkAndExec() {
        s.fork(1200, 1300);
        s.exec(1300, "/bin/sh", "-c", "curl http://evil");
        s.fork(1300, 1400);
        StateContext ctx = s.exec(1400, "/usr/bin/curl", "http://evil");
        assertThat(f.text(ctx, "proc.name")).isEqualTo("curl");
        assertThat(f.text(ctx, "proc.exe")).isEqualTo("/usr/bin/curl");
        assertThat(f.text(ctx, "proc.exepath")).isEqualTo("/usr/bin/curl");
        assertThat(f.text(ctx, "proc.args")).isEqualTo("http://evil");
        assertThat(f.text(ctx, "proc.args[0]")).isEqualTo("http://evil");
        assertThat(f.text(ctx, "proc.cmdline")).isEqualTo("curl http://evil");
        assertThat(f.text(ctx, "proc.pname")).isEqualTo("sh");
        assertThat(f.text(ctx, "proc.pcmdline")).isEqualTo("sh -c curl http://evil");
        assertThat(f.text(ctx, "proc.pexe")).isEqualTo("/bin/sh");
        assertThat(f.text(ctx, "proc.aname[0]")).isEqualTo("curl");
        assertThat(f.text(ctx, "proc.aname[2]")).isEqualTo("java");
        assertThat(f.text(ctx, "proc.aname[3]")).isEqualTo("containerd-shim");
        assertThat(f.text(ctx, "proc.aname[9]")).isNull();
        assertThat(f.text(ctx, "proc.aexepath[2]")).isEqualTo("/opt/java/bin/java");
        assertThat(f.anyEquals(ctx, "proc.aname", "java")).isTrue();
        assertThat(f.anyEquals(ctx, "proc.aname", "curl")).as("the process itself is not its ancestor").isFalse();
        assertThat(f.text(ctx, "proc.aname")).isEqualTo("sh java containerd-shim systemd");
        assertThat(((FieldAccessor.OfLongs) f.bind("proc.apid")).anyMatch(ctx, pid -> pid == 900)).isTrue();
        assertThat(f.text(ctx, "proc.pid")).isEqualTo("1400");
        assertThat(f.text(ctx, "proc.ppid")).isEqualTo("1300");
        assertThat(f.text(ctx, "proc.duration")).isEqualTo("1000");
        assertThat(f.text(ctx, "proc.tty")).isEqualTo("0");
        assertThat(f.text(ctx, "proc.cwd")).isEqualTo("/");
        assertThat(f.text(ctx, "thread.tid")).isEqualTo("1400");
        assertThat(f.text(ctx, "thread.ismain")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.is_exe_upper_layer")).isEqualTo("false");
        assertThat(f.text(ctx, "proc.exe_ino.ctime")).isNull();
    }

    @Test
    void execFlagsAndInodeTimesComeFromTheExecEvent() {
        s.fork(1200, 1500);
        StateContext ctx = s.apply(EventType.EXECVE, 1500, 0, "filename", "/tmp/x", "exe", "/tmp/x",
                "args", List.of(), "flags", "EXE_WRITABLE|EXE_UPPER_LAYER", "exe_ino_ctime", 5L, "exe_ino_mtime", 4L,
                "cap_effective", "CAP_SYS_ADMIN CAP_DAC_OVERRIDE");
        assertThat(f.text(ctx, "proc.is_exe_upper_layer")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.is_exe_writable")).isEqualTo("true");
        assertThat(f.text(ctx, "proc.is_exe_from_memfd")).isEqualTo("false");
        assertThat(f.text(ctx, "proc.exe_ino.ctime")).isEqualTo("5");
        assertThat(f.text(ctx, "proc.exe_ino.mtime")).isEqualTo("4");
        assertThat(Long.parseLong(f.text(ctx, "proc.exe_ino.ctime_duration_proc_start"))).isPositive();
        assertThat(f.text(ctx, "thread.cap_effective")).contains("CAP_SYS_ADMIN");
        assertThat(f.text(ctx, "evt.arg.flags")).isEqualTo("EXE_WRITABLE|EXE_UPPER_LAYER");
    }

    @Test
    void cgroupsComeFromTheExecEvent() {
        s.fork(1200, 1600);
        String id = "4f1e7c2a9b3d".repeat(5) + "0123";
        StateContext ctx = s.apply(EventType.EXECVE, 1600, 0, "filename", "/bin/true", "args", List.of(),
                "cgroups", List.of("4:cpu,cpuacct:/kubepods/pod1/cri-containerd-" + id + ".scope", "1:memory:/kubepods"));
        assertThat(f.text(ctx, "thread.cgroup.cpuacct")).isEqualTo("/kubepods/pod1/cri-containerd-" + id + ".scope");
        assertThat(f.text(ctx, "thread.cgroup.memory")).isEqualTo("/kubepods");
        assertThat(f.text(ctx, "thread.cgroup.pids")).isNull();
        assertThat(f.text(ctx, "container.id")).isEqualTo("4f1e7c2a9b3d");
    }

    @Test
    void evtFields() {
        StateContext ctx = s.open(1200, "/var/log/app.log", "O_WRONLY|O_TRUNC", 9);
        assertThat(f.text(ctx, "evt.type")).isEqualTo("openat");
        assertThat(f.text(ctx, "evt.is_open_write")).isEqualTo("true");
        assertThat(f.text(ctx, "evt.is_open_read")).isEqualTo("false");
        assertThat(f.text(ctx, "evt.arg.flags")).isEqualTo("O_WRONLY|O_TRUNC");
        assertThat(f.text(ctx, "evt.arg.name")).isEqualTo("/var/log/app.log");
        assertThat(f.text(ctx, "evt.arg[2]")).isEqualTo("/var/log/app.log");
        assertThat(f.text(ctx, "evt.rawarg.dirfd")).isEqualTo("-100");
        assertThat(f.text(ctx, "evt.res")).isEqualTo("SUCCESS");
        assertThat(f.text(ctx, "evt.rawres")).isEqualTo("9");
        assertThat(f.text(ctx, "evt.num")).isEqualTo(Long.toString(ctx.eventNum()));
        assertThat(f.text(ctx, "evt.args"))
                .isEqualTo("fd=9(<f>/var/log/app.log) dirfd=-100(AT_FDCWD) name=/var/log/app.log flags=O_WRONLY|O_TRUNC");
        assertThat(f.text(ctx, "evt.type.is.openat")).isEqualTo("1");
        assertThat(f.text(ctx, "evt.type.is.open")).isEqualTo("0");
        assertThat(f.text(ctx, "evt.category")).isEqualTo("file");
        assertThat(f.text(ctx, "evt.time")).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{9}");
        assertThat(f.text(ctx, "fs.path.name")).isEqualTo("/var/log/app.log");

        ctx = s.apply(EventType.OPEN, 1200, -2, "name", "missing", "flags", "O_RDONLY");
        assertThat(f.text(ctx, "evt.res")).isEqualTo("ENOENT");
        assertThat(f.text(ctx, "evt.rawres")).isEqualTo("-2");
        assertThat(f.text(ctx, "fd.num")).isEqualTo("-1");
        assertThat(f.text(ctx, "fd.name")).isEqualTo("/missing");
        assertThat(f.text(ctx, "fd.typechar")).as("libsinsp's char of a failed open(2)").isEqualTo("o");

        ctx = s.apply(EventType.SYMLINKAT, 1200, 0, "target", "/etc/shadow", "linkdirfd", -100, "linkpath", "s");
        assertThat(f.text(ctx, "evt.arg.target")).isEqualTo("/etc/shadow");
        assertThat(f.text(ctx, "evt.arg.linkpath")).as("resolved against the cwd, as libsinsp does").isEqualTo("/s");
        assertThat(f.text(ctx, "evt.rawarg.linkpath")).isEqualTo("s");
        assertThat(f.text(ctx, "fs.path.target")).isEqualTo("/s");
        assertThat(f.text(ctx, "fs.path.sourceraw")).isEqualTo("/etc/shadow");
        assertThat(f.text(ctx, "evt.arg.nosuch")).isNull();

        ctx = s.apply(EventType.PTRACE, 1200, 0, "request", 16L, "pid", 1L);
        assertThat(f.text(ctx, "evt.arg.request")).isEqualTo("PTRACE_ATTACH");
        ctx = s.apply(EventType.SOCKET, 1200, 11, "domain", 17L, "type", 3L, "proto", 0L);
        assertThat(f.text(ctx, "evt.arg.domain")).isEqualTo("AF_PACKET");
    }

    @Test
    void durationOfAThreadCountsFromItsOwnClone() {
        StateContext ctx = s.apply(EventType.READ, 1200, 0, "fd", 0);
        long processAge = Long.parseLong(f.text(ctx, "proc.duration"));
        assertThat(processAge).as("the snapshot's thread takes the process's start").isGreaterThan(5_000_000_000L);
        s.thread(1200, 1201);
        ctx = s.apply(EventType.READ, 1201, 0, "fd", 0);
        assertThat(f.text(ctx, "proc.duration")).as("libsinsp: the event's thread's clone time").isEqualTo("1000");
        assertThat(f.text(ctx, "proc.pid.ts")).isEqualTo(Long.toString(ctx.event().timestampNanos() - 1000));
        // a thread first met by its own events (its clone missed) has no clone time, as in libsinsp: it is not "new"
        Event unseen = new Event().reset(EventType.READ, s.advance(1_000).now(), 1209, 1200, 0);
        unseen.setParam("fd", 0L);
        ctx = s.state.apply(unseen);
        assertThat(ctx.process().pid()).isEqualTo(1200);
        assertThat(f.text(ctx, "proc.duration")).isNull();
        assertThat(f.text(ctx, "proc.pid.ts")).isNull();
    }

    /** Falco's drivers send a failed exec with the caller's exe flags; a sensor that does not is given the process's. */
    @Test
    void aFailedExecWithoutFlagsHasItsCallersExeFlags() {
        s.apply(EventType.EXECVE, 1200, 0, "filename", "/tmp/tool", "flags", 1L);
        StateContext ctx = s.apply(EventType.EXECVE, 1200, -2, "filename", "/usr/local/bin/nosuch");
        assertThat(f.text(ctx, "evt.arg.flags")).isEqualTo("EXE_WRITABLE");
        assertThat(f.text(ctx, "evt.rawarg.flags")).isEqualTo("1");
        ctx = s.apply(EventType.EXECVE, 1200, -2, "filename", "/usr/local/bin/nosuch", "flags", 4L);
        assertThat(f.text(ctx, "evt.arg.flags")).as("flags the event carries").isEqualTo("EXE_FROM_MEMFD");
    }

    /** libsinsp's TYPE_ARGSTR: the resolved form where a parameter has one, the value otherwise. */
    @Test
    void evtArgOfAnFdOrAPidIsItsResolvedForm() {
        s.apply(EventType.CHDIR, 1200, 0, "path", "/etc");
        s.apply(EventType.OPENAT, 1200, 3, "dirfd", -100, "name", "shadow", "flags", "O_RDONLY");
        StateContext ctx = s.apply(EventType.FCHMOD, 1200, 0, "fd", 3, "mode", 0600);
        assertThat(f.text(ctx, "evt.arg.fd")).isEqualTo("<f>/etc/shadow");
        assertThat(f.text(ctx, "evt.rawarg.fd")).isEqualTo("3");
        ctx = s.apply(EventType.FCHMOD, 1200, -9, "fd", 42, "mode", 0600);
        assertThat(f.text(ctx, "evt.arg.fd")).as("an fd the table does not know").isEqualTo("42");
        // the fd an open returns, when the event gives it only as its result
        ctx = s.apply(EventType.OPENAT, 1200, 4, "dirfd", -100, "name", "/etc/passwd", "flags", "O_RDONLY");
        assertThat(f.text(ctx, "evt.arg.fd")).isEqualTo("<f>/etc/passwd");
        // a chown's ids are plain numbers in libs (PT_UINT32), a setuid's a user (PT_UID)
        ctx = s.apply(EventType.CHOWN, 1200, 0, "res", 0L, "path", "/tmp/x", "uid", 0L, "gid", 0L);
        assertThat(f.text(ctx, "evt.arg.uid")).isEqualTo("0");
        s.user(0, "root");
        ctx = s.apply(EventType.SETUID, 1200, 0, "res", 0L, "uid", 0L);
        assertThat(f.text(ctx, "evt.arg.uid")).isEqualTo("root");
    }

    @Test
    void evtArgsPrintsEachResolvableParameterAsRawThenResolvedInParentheses() {
        StateContext ctx = s.apply(EventType.SOCKET, 1200, 11, "domain", 17L, "type", 3L, "proto", 768L);
        assertThat(f.text(ctx, "evt.args")).isEqualTo("fd=11(<o>) domain=17(AF_PACKET) type=3 proto=768");

        s.apply(EventType.CHDIR, 1200, 0, "path", "/etc");
        ctx = s.apply(EventType.OPENAT, 1200, 3, "dirfd", -100, "name", "shadow", "flags", "O_RDONLY");
        assertThat(f.text(ctx, "evt.args"))
                .isEqualTo("fd=3(<f>/etc/shadow) dirfd=-100(AT_FDCWD) name=shadow(/etc/shadow) flags=O_RDONLY");

        ctx = s.apply(EventType.UNLINKAT, 1200, -2, "res", -2L, "dirfd", 3, "name", "/x", "flags", "AT_REMOVEDIR");
        assertThat(f.text(ctx, "evt.args"))
                .isEqualTo("res=-2(ENOENT) dirfd=3(<f>/etc/shadow) name=/x flags=512(AT_REMOVEDIR)");
        ctx = s.apply(EventType.UNLINKAT, 1200, 0, "res", 0L, "dirfd", -9, "name", "y", "flags", 0L);
        assertThat(f.text(ctx, "evt.args")).as("an unknown dirfd: libsinsp's base is empty")
                .isEqualTo("res=0 dirfd=-9(EBADF) name=y(y) flags=0");

        ctx = s.apply(EventType.SETUID, 1200, 0, "res", 0L, "uid", 1000L);
        assertThat(f.text(ctx, "evt.args")).isEqualTo("res=0 uid=1000(app)");
        ctx = s.apply(EventType.SETUID, 1200, 0, "res", 0L, "uid", 4242L);
        assertThat(f.text(ctx, "evt.args")).isEqualTo("res=0 uid=4242(<NA>)");
        ctx = s.apply(EventType.KILL, 1200, 0, "res", 0L, "pid", 1L, "sig", 9L);
        assertThat(f.text(ctx, "evt.args")).isEqualTo("res=0 pid=1(systemd) sig=9");
    }

    @Test
    void relativePathArgumentsAreResolvedAgainstTheWorkingDirectory() {
        s.apply(EventType.CHDIR, 1200, 0, "path", "/etc");
        StateContext ctx = s.apply(EventType.LINKAT, 1200, 0, "olddir", -100, "oldpath", "shadow",
                "newdir", -100, "newpath", "/tmp/h");
        assertThat(f.text(ctx, "evt.arg.oldpath")).isEqualTo("/etc/shadow");
        assertThat(f.text(ctx, "evt.arg[2]")).isEqualTo("/etc/shadow");
        assertThat(f.text(ctx, "evt.rawarg.oldpath")).isEqualTo("shadow");
        assertThat(f.text(ctx, "evt.arg.newpath")).as("an absolute path stays as given").isEqualTo("/tmp/h");

        ctx = s.apply(EventType.LINK, 1200, 0, "oldpath", "./ssh//../passwd/", "newpath", "/tmp//h");
        assertThat(f.text(ctx, "evt.arg.oldpath")).as("dot segments and repeated slashes go").isEqualTo("/etc/passwd");
        assertThat(f.text(ctx, "evt.arg.newpath")).as("absolute: not normalised").isEqualTo("/tmp//h");

        ctx = s.apply(EventType.SYMLINK, 1200, 0, "target", "shadow", "linkpath", "../tmp/s");
        assertThat(f.text(ctx, "evt.arg.linkpath")).isEqualTo("/tmp/s");
        assertThat(f.text(ctx, "evt.arg.target")).as("a symlink's target is text, never resolved").isEqualTo("shadow");

        ctx = s.apply(EventType.CHDIR, 1200, 0, "path", "ssh");
        assertThat(f.text(ctx, "evt.arg.path")).as("chdir's path is text in libsinsp").isEqualTo("ssh");
    }

    @Test
    void relativePathArgumentsAreResolvedAgainstTheirDirectoryFd() {
        s.open(1200, "/var/lib", "O_RDONLY|O_DIRECTORY", 5);
        StateContext ctx = s.apply(EventType.LINKAT, 1200, 0, "olddir", 5, "oldpath", "db/users",
                "newdir", -100, "newpath", "u");
        assertThat(f.text(ctx, "evt.arg.oldpath")).isEqualTo("/var/lib/db/users");
        assertThat(f.text(ctx, "evt.arg.newpath")).as("AT_FDCWD: the working directory").isEqualTo("/u");

        ctx = s.apply(EventType.SYMLINKAT, 1200, 0, "target", "x", "linkdirfd", 5, "linkpath", "l");
        assertThat(f.text(ctx, "evt.arg.linkpath")).isEqualTo("/var/lib/l");

        ctx = s.apply(EventType.RENAMEAT, 1200, 0, "olddirfd", 42, "oldpath", "./a//b", "newdirfd", 5, "newpath", "c");
        assertThat(f.text(ctx, "evt.arg.oldpath")).as("an unknown directory fd: the path normalised, left relative")
                .isEqualTo("a/b");
        assertThat(f.text(ctx, "evt.arg.newpath")).isEqualTo("/var/lib/c");
    }

    @Test
    void fdFieldsOfAnOutboundConnection() {
        s.socket(1200, 7);
        StateContext ctx = s.connect(1200, 7, "10.1.0.5:40000->203.0.113.9:4444");
        assertThat(f.text(ctx, "fd.type")).isEqualTo("ipv4");
        assertThat(f.text(ctx, "fd.typechar")).isEqualTo("4");
        assertThat(f.text(ctx, "fd.name")).isEqualTo("10.1.0.5:40000->203.0.113.9:4444");
        assertThat(f.text(ctx, "fd.sip")).isEqualTo("203.0.113.9");
        assertThat(f.text(ctx, "fd.cip")).isEqualTo("10.1.0.5");
        assertThat(f.text(ctx, "fd.lport")).isEqualTo("40000");
        assertThat(f.text(ctx, "fd.rport")).isEqualTo("4444");
        assertThat(f.text(ctx, "fd.sport")).isEqualTo("4444");
        assertThat(f.text(ctx, "fd.l4proto")).isEqualTo("tcp");
        assertThat(f.text(ctx, "fd.connected")).isEqualTo("true");
        assertThat(f.text(ctx, "fd.name_changed")).isEqualTo("true");
        assertThat(f.text(ctx, "fd.sockfamily")).isEqualTo("ip");
        assertThat(f.text(ctx, "fd.is_server")).isEqualTo("false");
        FieldAccessor.OfEndpoints ip = (FieldAccessor.OfEndpoints) f.bind("fd.ip");
        assertThat(((FieldAccessor.OfIp) ip.server()).get(ctx)).isEqualTo(IpAddress.parse("203.0.113.9"));
        assertThat(((FieldAccessor.OfIp) ip.client()).get(ctx)).isEqualTo(IpAddress.parse("10.1.0.5"));
        assertThat(f.text(ctx, "fd.directory")).isNull();
        assertThat(f.anyEquals(ctx, "fd.types", "ipv4")).isTrue();
        assertThat(f.text(ctx, "fd.types")).isEqualTo("(ipv4)");
        assertThat(f.text(ctx, "fd.types[7]")).isEqualTo("ipv4");

        ctx = s.apply(EventType.WRITE, 1200, 3, "fd", 7L, "size", 3L);
        assertThat(f.text(ctx, "fd.name_changed")).isEqualTo("false");
        assertThat(f.text(ctx, "evt.is_io_write")).isEqualTo("true");
        s.state.putHostName(IpAddress.parse("203.0.113.9"), "c2.example");
        assertThat(f.text(ctx, "fd.sip.name")).isEqualTo("c2.example");

        ctx = s.open(1200, "/etc/passwd", "O_RDONLY", 8);
        assertThat(f.text(ctx, "fd.sip")).isNull();
        assertThat(((FieldAccessor.OfEndpoints) f.bind("fd.port")).present(ctx)).isFalse();
        assertThat(f.text(ctx, "fd.directory")).isEqualTo("/etc");
        assertThat(f.text(ctx, "fd.filename")).isEqualTo("passwd");
        assertThat(f.text(ctx, "fd.nameraw")).isEqualTo("/etc/passwd");
        assertThat(f.text(ctx, "fd.types")).isEqualTo("(file,ipv4)");
    }

    @Test
    void nameRawLosesRepeatedSlashesOnly() {
        StateContext ctx = s.open(1200, ".//app///../etc//x/", "O_RDONLY", 9);
        assertThat(f.text(ctx, "fd.nameraw")).as("libsinsp collapses runs of '/', nothing else")
                .isEqualTo("./app/../etc/x/");
        assertThat(f.text(ctx, "fs.path.nameraw")).as("another field, not changed here")
                .isEqualTo(".//app///../etc//x/");
    }

    @Test
    void udpSendtoChangesTheName() {
        s.apply(EventType.SOCKET, 1200, 5, "domain", "AF_INET", "type", 2L, "proto", 0L);
        StateContext ctx = s.apply(EventType.SENDTO, 1200, 40, "fd", 5L, "size", 40L, "tuple", "10.1.0.5:5353->8.8.8.8:53");
        assertThat(f.text(ctx, "fd.l4proto")).isEqualTo("udp");
        assertThat(f.text(ctx, "fd.connected")).isEqualTo("false");
        assertThat(f.text(ctx, "fd.name_changed")).isEqualTo("true");
        assertThat(f.text(ctx, "fd.sport")).isEqualTo("53");
    }

    @Test
    void userContainerAndPodFields() {
        StateContext ctx = s.open(1200, "/app/data", "O_RDONLY", 4);
        assertThat(f.text(ctx, "user.uid")).isEqualTo("1000");
        assertThat(f.text(ctx, "user.name")).isEqualTo("app");
        assertThat(f.text(ctx, "user.loginuid")).isEqualTo("-1");
        assertThat(f.text(ctx, "user.loginname")).isEqualTo("<NA>");
        assertThat(f.text(ctx, "group.gid")).isEqualTo("0");
        assertThat(f.text(ctx, "group.name")).isEqualTo("root");
        assertThat(f.text(ctx, "container.id")).isEqualTo(CID);
        assertThat(f.text(ctx, "container.name")).isEqualTo("was");
        assertThat(f.text(ctx, "container.image")).isEqualTo("registry.local/blog/was:1.4.2");
        assertThat(f.text(ctx, "container.image.repository")).isEqualTo("registry.local/blog/was");
        assertThat(f.text(ctx, "container.image.tag")).isEqualTo("1.4.2");
        assertThat(f.text(ctx, "container.privileged")).isEqualTo("false");
        assertThat(f.text(ctx, "container.start_ts")).isNotNull();
        assertThat(f.text(ctx, "container.label[app]")).isEqualTo("was");
        assertThat(f.text(ctx, "k8s.pod.name")).isEqualTo("was-5c9d7");
        assertThat(f.text(ctx, "k8s.ns.name")).isEqualTo("blog-system");
        assertThat(f.text(ctx, "k8s.pod.label[app]")).isEqualTo("was");
        assertThat(f.text(ctx, "k8s.pod.labels")).isEqualTo("app:was");

        ctx = s.open(900, "/run/x", "O_RDONLY", 4);
        assertThat(f.text(ctx, "container.id")).isEqualTo("host");
        assertThat(f.text(ctx, "container.name")).isEqualTo("host");
        assertThat(f.text(ctx, "container.image.repository")).isNull();
        assertThat(f.text(ctx, "k8s.ns.name")).isNull();
        assertThat(f.text(ctx, "user.name")).isEqualTo("root");
    }

    @Test
    void aContainerWithoutMetadataShowsItsIdOnly() {
        s.snapshot(3000, 1, "nginx", "/usr/sbin/nginx", List.of(), "0123456789ab");
        StateContext ctx = s.open(3000, "/etc/nginx/nginx.conf", "O_RDONLY", 3);
        assertThat(f.text(ctx, "container.id")).isEqualTo("0123456789ab");
        assertThat(f.text(ctx, "container.name")).isNull();
        assertThat(f.text(ctx, "container.privileged")).isNull();
        assertThat(s.state.counters().containerLookupsMissed()).isPositive();
    }

    @Test
    void everyOfficialFieldIsSupported() {
        for (String written : FieldCatalogueTest.OFFICIAL) {
            FieldDescriptor d = FieldProbe.CATALOGUE.resolve(written).ref().descriptor();
            assertThat(d.supported()).as(written).isTrue();
        }
    }
}
