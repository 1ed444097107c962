package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The ordinary work of the simulated node, one method per activity of
 * {@link StreamGenerator#ACTIVITIES}. Every descriptor an activity opens it closes, and every
 * process it starts exits, so the body of a stream can be replayed in a loop.
 */
final class Activities {
    static final String WEB_IP = "10.244.1.10";
    static final String WAS_IP = "10.244.1.30";
    static final String DB_IP = "10.244.1.20";
    static final String DNS_IP = "10.244.0.5";
    static final String NODE_IP = "192.168.10.5";

    private static final String[] LIBS = {
        "/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libpthread.so.0", "/lib/x86_64-linux-gnu/libm.so.6",
        "/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libssl.so.3", "/lib/x86_64-linux-gnu/libcrypto.so.3",
        "/lib/x86_64-linux-gnu/libselinux.so.1", "/lib/x86_64-linux-gnu/libpcre2-8.so.0", "/lib/x86_64-linux-gnu/libtinfo.so.6",
    };
    private static final String[] JAVA_FILES = {
        "/opt/java/openjdk/lib/libjava.so", "/opt/java/openjdk/lib/libnio.so", "/opt/java/openjdk/lib/libnet.so",
        "/opt/java/openjdk/lib/modules", "/app/blog-was.jar", "/opt/java/openjdk/lib/libzip.so",
    };
    private static final String[] PAGES = {
        "/usr/share/nginx/html/index.html", "/usr/share/nginx/html/post.html", "/usr/share/nginx/html/css/site.css",
        "/usr/share/nginx/html/js/app.js", "/usr/share/nginx/html/img/logo.png", "/usr/share/nginx/html/favicon.ico",
    };
    private static final String[] PROC_FILES = {"stat", "status", "cmdline", "io", "statm"};
    private static final String[][] HOST_COMMANDS = {
        {"date", "/usr/bin/date"}, {"ps", "/usr/bin/ps", "aux"}, {"uptime", "/usr/bin/uptime"},
        {"df", "/usr/bin/df", "-h"}, {"ls", "/usr/bin/ls", "-la", "/var/log"}, {"logrotate", "/usr/sbin/logrotate", "/etc/logrotate.conf"},
        {"grep", "/usr/bin/grep", "-c", "error", "/var/log/syslog"}, {"free", "/usr/bin/free", "-m"},
    };

    final World world;
    final Emitter out;
    final SplittableRandom random;
    private final List<Actor> web;
    private final List<Actor> java;
    private final List<Actor> monitors;
    private final List<Actor> writers;
    private final List<Actor> spawners;
    private final List<Actor> database;
    private final List<Actor> dns;

    Activities(World world, Emitter out, SplittableRandom random) {
        this.world = world;
        this.out = out;
        this.random = random;
        web = world.withRole(Actor.Role.WEB);
        java = world.withRole(Actor.Role.JAVA);
        monitors = world.withRole(Actor.Role.MONITOR);
        spawners = world.withRole(Actor.Role.SPAWNER);
        database = world.withRole(Actor.Role.DATABASE);
        dns = world.withRole(Actor.Role.DNS);
        writers = world.actors.stream().filter(a -> a.logFd() >= 0).toList();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private <T> T pick(T[] array) {
        return array[random.nextInt(array.length)];
    }

    /** The prologue: every long-lived thread's log file and socket, opened once before the body. */
    void openLongLivedDescriptors() {
        for (Actor a : world.actors) {
            if (a.logFd() >= 0) {
                String path = a.container() == null ? "/var/log/" + a.process().comm() + ".log" : "/var/log/app/" + a.tid() + ".log";
                out.open(a.tid(), a.pid(), a.logFd(), path, "O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC");
            }
            if (a.socketFd() >= 0) {
                out.emit(EventType.SOCKET, a, a.socketFd(), "fd", a.socketFd(), "domain", "AF_INET", "type",
                        a.role() == Actor.Role.DNS ? 2 : 1, "proto", 0);
                switch (a.role()) {
                    case JAVA -> out.emit(EventType.CONNECT, a, 0, "fd", a.socketFd(), "tuple",
                            Emitter.tuple(WAS_IP, 40_000 + (int) (a.tid() % 20_000), DB_IP, 3306));
                    case DATABASE -> out.emit(EventType.BIND, a, 0, "fd", a.socketFd(), "addr", DB_IP + ":3306");
                    case DNS -> out.emit(EventType.BIND, a, 0, "fd", a.socketFd(), "addr", DNS_IP + ":53");
                    default -> {
                        out.emit(EventType.BIND, a, 0, "fd", a.socketFd(), "addr", "0.0.0.0:80");
                        out.emit(EventType.LISTEN, a, 0, "fd", a.socketFd(), "backlog", 511);
                    }
                }
            }
        }
    }

    void run(int activity) {
        switch (activity) {
            case 0 -> serveRequest(pick(web));
            case 1 -> queryDatabase(pick(java));
            case 2 -> readProc(pick(monitors));
            case 3 -> tempFile(pick(random.nextBoolean() ? java : writers));
            case 4 -> {
                Actor a = pick(writers);
                out.write(a.tid(), a.pid(), a.logFd(), 60 + random.nextInt(200));
            }
            case 5 -> loadJavaFile(pick(java));
            case 6 -> runCommand(pick(spawners));
            case 7 -> databaseIo(pick(database));
            case 8 -> jit(pick(java));
            case 9 -> answerDns(pick(dns));
            default -> newConnection(pick(java));
        }
    }

    private void serveRequest(Actor a) {
        int conn = world.transientFd(a.pid(), 0);
        int file = world.transientFd(a.pid(), 1);
        String client = "203.0.113." + (1 + random.nextInt(250));
        String tuple = Emitter.tuple(client, 30_000 + random.nextInt(30_000), WEB_IP, 80);
        out.emit(EventType.ACCEPT4, a, conn, "fd", conn, "tuple", tuple, "queuepct", 0);
        out.emit(EventType.RECVFROM, a, 420, "fd", conn, "size", 8192, "tuple", tuple);
        out.open(a.tid(), a.pid(), file, pick(PAGES), "O_RDONLY|O_NONBLOCK|O_CLOEXEC");
        out.read(a.tid(), a.pid(), file, 4_096 + random.nextInt(20_000));
        out.close(a.tid(), a.pid(), file);
        out.emit(EventType.SENDTO, a, 5_000, "fd", conn, "size", 5_000, "tuple", tuple);
        out.close(a.tid(), a.pid(), conn);
    }

    private void queryDatabase(Actor a) {
        out.write(a.tid(), a.pid(), a.socketFd(), 120 + random.nextInt(400));
        out.read(a.tid(), a.pid(), a.socketFd(), 300 + random.nextInt(3_000));
    }

    private void readProc(Actor a) {
        int fd = world.transientFd(a.pid(), 0);
        ProcessRecord target = pick(world.processes);
        String path = random.nextInt(4) == 0 ? "/proc/meminfo" : "/proc/" + target.pid() + "/" + pick(PROC_FILES);
        out.open(a.tid(), a.pid(), fd, path, "O_RDONLY|O_CLOEXEC");
        out.read(a.tid(), a.pid(), fd, 200 + random.nextInt(1_000));
        out.close(a.tid(), a.pid(), fd);
    }

    private void tempFile(Actor a) {
        int fd = world.transientFd(a.pid(), 0);
        String path = "/tmp/" + a.process().comm() + "-" + Long.toHexString(random.nextLong() & 0xffffffL) + ".tmp";
        out.open(a.tid(), a.pid(), fd, path, "O_RDWR|O_CREAT|O_EXCL|O_CLOEXEC");
        out.write(a.tid(), a.pid(), fd, 4_096);
        out.write(a.tid(), a.pid(), fd, 1_024);
        out.close(a.tid(), a.pid(), fd);
        if (random.nextInt(3) == 0) {
            out.emit(EventType.UNLINKAT, a, 0, "dirfd", -100, "name", path, "flags", 0);
        }
    }

    private void loadJavaFile(Actor a) {
        int fd = world.transientFd(a.pid(), 0);
        out.open(a.tid(), a.pid(), fd, pick(JAVA_FILES), "O_RDONLY|O_CLOEXEC");
        out.read(a.tid(), a.pid(), fd, 832);
        out.read(a.tid(), a.pid(), fd, 65_536);
        out.emit(EventType.MMAP, a, 0x7f00_0000_0000L, "addr", 0, "length", 1_048_576, "prot", "PROT_READ", "flags", 0x02, "fd", fd);
        out.close(a.tid(), a.pid(), fd);
    }

    private void databaseIo(Actor a) {
        out.read(a.tid(), a.pid(), a.logFd(), 16_384);
        out.write(a.tid(), a.pid(), a.logFd(), 16_384);
    }

    private void jit(Actor a) {
        out.emit(EventType.MMAP, a, 0x7f10_0000_0000L, "addr", 0, "length", 65_536, "prot", "PROT_READ|PROT_WRITE",
                "flags", 0x22, "fd", -1);
        out.emit(EventType.MPROTECT, a, 0, "addr", 0x7f10_0000_0000L, "length", 65_536, "prot", "PROT_READ|PROT_EXEC");
    }

    private void answerDns(Actor a) {
        String tuple = Emitter.tuple("10.244.1." + (10 + random.nextInt(30)), 50_000 + random.nextInt(10_000), DNS_IP, 53);
        out.emit(EventType.RECVFROM, a, 60, "fd", a.socketFd(), "size", 512, "tuple", tuple);
        out.emit(EventType.SENDTO, a, 120, "fd", a.socketFd(), "size", 120, "tuple", tuple);
    }

    private void newConnection(Actor a) {
        int fd = world.transientFd(a.pid(), 0);
        out.emit(EventType.SOCKET, a, fd, "fd", fd, "domain", "AF_INET", "type", 1, "proto", 0);
        out.emit(EventType.CONNECT, a, 0, "fd", fd, "tuple", Emitter.tuple(WAS_IP, 40_000 + random.nextInt(20_000), DB_IP, 3306));
        out.write(a.tid(), a.pid(), fd, 200);
        out.read(a.tid(), a.pid(), fd, 1_200);
        out.close(a.tid(), a.pid(), fd);
    }

    private void runCommand(Actor parent) {
        String[] command = pick(HOST_COMMANDS);
        List<String> args = List.of(command).subList(2, command.length);
        spawn(parent, command[0], command[1], args, 0, "", child -> {
            if (command[0].equals("ps")) {
                for (int i = 0; i < 6; i++) {
                    readFile(child, "/proc/" + pick(world.processes).pid() + "/stat");
                }
            } else {
                readFile(child, command[0].equals("logrotate") ? "/etc/logrotate.conf" : "/etc/localtime");
            }
            out.write(child.tid(), child.pid(), 1, 80 + random.nextInt(400));
        });
    }

    void readFile(Actor c, String path) {
        int fd = world.transientFd(c.pid(), 0);
        out.open(c.tid(), c.pid(), fd, path, "O_RDONLY|O_CLOEXEC");
        out.read(c.tid(), c.pid(), fd, 512 + random.nextInt(2_048));
        out.close(c.tid(), c.pid(), fd);
    }

    /**
     * {@code parent} forks; the child execs {@code exe} (with {@code tty} and execve {@code flags} such as
     * {@code EXE_UPPER_LAYER}), loads its libraries, does {@code work} and exits.
     */
    void spawn(Actor parent, String comm, String exe, List<String> args, long tty, String flags, Consumer<Actor> work) {
        long child = world.pid();
        String container = parent.container() == null ? null : parent.container().id();
        List<String> cgroups = List.of(parent.container() == null ? "cpuset=/system.slice/" + parent.process().comm() + ".service"
                : parent.container().cgroup());
        Object[] cloneParams = {"exe", parent.process().exe(), "args", parent.process().args(),
            "ptid", parent.pid(), "cwd", parent.process().cwd(), "comm", parent.process().comm(),
            "flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID", "uid", parent.process().uid(), "gid", parent.process().gid()};
        out.emit(EventType.CLONE, parent.tid(), parent.pid(), child, cloneParams);
        out.emit(EventType.CLONE, child, child, 0, cloneParams);
        out.emit(EventType.EXECVE, child, child, 0, "filename", exe, "exe", exe, "args", args, "ptid", parent.pid(),
                "cwd", parent.process().cwd(), "comm", comm, "tty", tty, "flags", flags.isEmpty() ? (Object) 0L : flags, "uid", parent.process().uid(),
                "gid", parent.process().gid(), "trusted_exepath", exe, "cgroups", cgroups);
        ProcessRecord p = parent.process();
        Actor c = new Actor(new ProcessRecord(child, child, parent.pid(), comm, exe, args, p.cwd(), tty, p.uid(), p.gid(), p.user(),
                container, out.now()), Actor.Role.IDLE, parent.container(), -1, -1);
        readFile(c, "/etc/ld.so.cache");
        int libs = 1 + random.nextInt(3);
        for (int i = 0; i < libs; i++) {
            int fd = world.transientFd(child, 0);
            out.open(child, child, fd, LIBS[i == 0 ? 0 : 1 + random.nextInt(LIBS.length - 1)], "O_RDONLY|O_CLOEXEC");
            out.read(child, child, fd, 832);
            out.emit(EventType.MMAP, child, child, 0x7f20_0000_0000L, "addr", 0, "length", 2_000_000, "prot", "PROT_READ|PROT_EXEC",
                    "flags", 0x802, "fd", fd);
            out.close(child, child, fd);
        }
        work.accept(c);
        out.emit(EventType.PROCEXIT, child, child, 0, "status", 0);
    }
}
