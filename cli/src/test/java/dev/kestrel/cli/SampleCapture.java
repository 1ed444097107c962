package dev.kestrel.cli;

import dev.kestrel.sensor.scap.testing.CaptureWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A capture written with the test capture writer in the layouts sysdig 0.29 reads (process list V9,
 * fd and user lists V2, event blocks V2 with libs 0.9-era parameter counts): a web server and a
 * database in a container, ssh sessions whose shells read files, write below /usr/bin, connect out,
 * and exit. Deterministic for a seed.
 */
final class SampleCapture {

    private static final int EV = 0x216;
    private static final int EV_LARGE = 0x221;
    private static final String CONTAINER = "c0ffee1234569b8062603aabb5f6fc89677db164ecb483f5ab5183e231b8e1ec";
    private static final byte[] HOST = {10, 0, 0, 5};
    private static final byte[] DB = {10, 0, 0, 9};
    private static final byte[] ANY = {0, 0, 0, 0};

    private final CaptureWriter w = new CaptureWriter();
    private final Random random;
    private long ts = 1_700_000_000_000_000_000L;
    private long nextPid = 3000;

    private SampleCapture(long seed) {
        this.random = new Random(seed);
    }

    static Path write(Path file, long seed, int sessions) throws IOException {
        return new SampleCapture(seed).build(sessions).write(file, false);
    }

    private CaptureWriter build(int sessions) {
        w.machine("sample-host").interfaces()
                .users(true, List.of(new Object[] {0L, 0L, "root", "/root", "/bin/bash"},
                                new Object[] {1000L, 1000L, "alice", "/home/alice", "/bin/bash"},
                                new Object[] {33L, 33L, "www-data", "/var/www", "/usr/sbin/nologin"}),
                        List.of(new Object[] {0L, "root"}, new Object[] {1000L, "alice"}, new Object[] {33L, "www-data"}))
                .processes(9, List.of(
                        proc(1, 1, 0, "systemd", "/sbin/init", "/usr/lib/systemd/systemd", List.of(), 0, List.of("cpuset=/init.scope")),
                        proc(700, 700, 1, "sshd", "/usr/sbin/sshd", "/usr/sbin/sshd", List.of("-D"), 0,
                                List.of("cpuset=/system.slice/ssh.service")),
                        proc(900, 900, 1, "nginx", "/usr/sbin/nginx", "/usr/sbin/nginx", List.of("-g", "daemon off;"), 33,
                                List.of("cpuset=/system.slice/nginx.service")),
                        proc(1200, 1200, 1, "postgres", "/usr/lib/postgresql/15/bin/postgres",
                                "/usr/lib/postgresql/15/bin/postgres", List.of("-D", "/data"), 0,
                                List.of("cpuset=/docker/" + CONTAINER))))
                .fds(700, true, List.of(CaptureWriter.FdEntry.listening(3, ANY, 22)))
                .fds(900, true, List.of(CaptureWriter.FdEntry.listening(6, ANY, 80),
                        CaptureWriter.FdEntry.file(4, 2 | 8 | 4, "/var/log/nginx/access.log")))
                .fds(1200, true, List.of(CaptureWriter.FdEntry.listening(5, ANY, 5432)));
        w.event(EV_LARGE, ts, -1, 324, "{\"container\":{\"id\":\"c0ffee123456\",\"full_id\":\"" + CONTAINER
                + "\",\"name\":\"db\",\"image\":\"postgres:15\",\"imagerepo\":\"postgres\",\"imagetag\":\"15\","
                + "\"privileged\":true,\"type\":0,\"labels\":{\"app\":\"db\"},\"Mounts\":[]}}");
        for (int s = 0; s < sessions; s++) {
            session(s);
            web();
        }
        return w;
    }

    private static CaptureWriter.Proc proc(long tid, long pid, long ptid, String comm, String exe, String exePath,
                                           List<String> args, long uid, List<String> cgroups) {
        return new CaptureWriter.Proc(tid, pid, ptid, comm, exe, exePath, args, "/", uid, uid,
                List.of("PATH=/usr/bin:/bin"), cgroups, -1, 0, pid, pid, pid);
    }

    private long tick() {
        ts += 1_000 + random.nextInt(20_000);
        return ts;
    }

    private void session(int s) {
        long sshd = nextPid++;
        w.event(EV, tick(), 700, 248, 0L);
        w.event(EV, tick(), 700, 249, 4L, CaptureWriter.tuple(new byte[] {(byte) 192, (byte) 168, 1, (byte) (10 + s % 50)},
                40000 + s, HOST, 22), 0L, 0L, 128L);
        clone(700, sshd, "sshd", "/usr/sbin/sshd", List.of("-D"), "/", 0, 0, 700);
        long shell = nextPid++;
        clone(sshd, shell, "sshd", "/usr/sbin/sshd", List.of("-D"), "/", 1000, 1000, 700);
        exec(shell, sshd, "/bin/bash", "bash", List.of("-l"), "/home/alice", 1000, 34816);
        String[] files = {"/etc/passwd", "/etc/shadow", "/home/alice/.bashrc", "/usr/bin/ls", "/etc/ssh/sshd_config"};
        for (int i = 0; i < 3; i++) {
            String f = files[random.nextInt(files.length)];
            openReadClose(shell, f, 1L | 4096L, random.nextInt(10) == 0);
        }
        if (s % 3 == 0) {
            long tool = nextPid++;
            clone(shell, tool, "bash", "/bin/bash", List.of("-l"), "/home/alice", 1000, 1000, sshd);
            exec(tool, shell, "/usr/bin/curl", "curl", List.of("-s", "http://10.0.0.9/"), "/home/alice", 1000, 34816);
            w.event(EV, tick(), tool, 18, 2L, 1L, 0L);
            w.event(EV, tick(), tool, 19, 3L);
            w.event(EV, tick(), tool, 22, 3L, CaptureWriter.sockaddr(DB, 80));
            w.event(EV, tick(), tool, 23, s % 2 == 0 ? 0L : -111L, CaptureWriter.tuple(HOST, 50000 + s, DB, 80));
            w.event(EV, tick(), tool, 8, 3L, 64L);
            w.event(EV, tick(), tool, 9, 64L, "GET / HTTP/1.1".getBytes());
            exit(tool);
        }
        if (s % 4 == 1) {
            long cp = nextPid++;
            clone(shell, cp, "bash", "/bin/bash", List.of("-l"), "/home/alice", 0, 0, sshd);
            exec(cp, shell, "/usr/bin/cp", "cp", List.of("/tmp/x", "/usr/bin/x"), "/tmp", 0, 34816);
            w.event(EV, tick(), cp, 306, -100L, "/usr/bin/x", 2L | 4L | 256L, 0755L);
            w.event(EV, tick(), cp, 307, 4L, -100L, "/usr/bin/x", 2L | 4L | 256L, 0755L, 0x803L);
            w.event(EV, tick(), cp, 8, 4L, 512L);
            w.event(EV, tick(), cp, 9, 512L, new byte[32]);
            w.event(EV, tick(), cp, 4, 4L);
            w.event(EV, tick(), cp, 5, 0L);
            exit(cp);
        }
        exit(shell);
    }

    private void web() {
        w.event(EV, tick(), 900, 8, 4L, 100L);
        w.event(EV, tick(), 900, 9, 100L, "GET /index.html 200".getBytes());
        w.event(EV, tick(), 1200, 6, 5L, 8192L);
        w.event(EV, tick(), 1200, 7, -11L, new byte[0]);
    }

    private void openReadClose(long tid, String file, long flags, boolean fail) {
        w.event(EV, tick(), tid, 306, -100L, file, flags, 0L);
        w.event(EV, tick(), tid, 307, fail ? -13L : 5L, -100L, file, flags, 0L, 0x803L);
        if (fail) {
            return;
        }
        w.event(EV, tick(), tid, 6, 5L, 4096L);
        w.event(EV, tick(), tid, 7, 1024L, ("data of " + file).getBytes());
        w.event(EV, tick(), tid, 4, 5L);
        w.event(EV, tick(), tid, 5, 0L);
    }

    private void clone(long parent, long child, String comm, String exe, List<String> args, String cwd, long uid,
                       long gid, long grandparent) {
        List<String> cgroups = List.of("cpuset=/system.slice/ssh.service");
        w.event(EV, tick(), parent, 222);
        w.event(EV, tick(), parent, 223, child, exe, args, parent, parent, grandparent, cwd, 1024L, 0L, 100L,
                20000L, 5000L, 0L, comm, cgroups, 0L, uid, gid, parent, parent);
        w.event(EV, tick(), child, 223, 0L, exe, args, child, child, parent, cwd, 1024L, 0L, 0L,
                20000L, 1000L, 0L, comm, cgroups, 0L, uid, gid, child, child);
    }

    private void exec(long tid, long parent, String path, String comm, List<String> args, String cwd, long loginUid,
                      long tty) {
        List<String> env = new ArrayList<>(List.of("PATH=/usr/bin:/bin", "HOME=" + cwd));
        w.event(EV, tick(), tid, 292, path);
        w.event(EV, tick(), tid, 293, 0L, path, args, tid, tid, parent, cwd, 1024L, 0L, 120L, 9000L, 3000L, 0L,
                comm, List.of("cpuset=/system.slice/ssh.service"), env, tty, tid, loginUid, 0L);
    }

    private void exit(long tid) {
        w.event(EV, tick(), tid, 186, 0L, 0L, 0L, 0L);
    }
}
