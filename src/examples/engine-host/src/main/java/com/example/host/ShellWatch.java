package com.example.host;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.event.ContainerMetadata;
import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.event.PodMetadata;
import dev.kestrel.core.event.ProcessSnapshot;
import dev.kestrel.engine.runtime.Kestrel;
import dev.kestrel.engine.runtime.KestrelCounters;
import dev.kestrel.engine.sink.CollectingSink;
import java.util.List;

/**
 * Feeds Kestrel, from Java, the events of a Spring Boot process in a pod that runs {@code sh -c id}
 * (the shape of a Log4Shell-style remote code execution) and returns the alerts.
 */
public final class ShellWatch {

    /** What one run gave: the alerts in delivery order, and Kestrel's counters after close. */
    public record Watched(List<Alert> alerts, KestrelCounters counters) {
    }

    private ShellWatch() {
    }

    /** Runs the story through Kestrel's default rules; the alerts are delivered before this returns. */
    public static Watched run() {
        CollectingSink collect = new CollectingSink();
        long t = 1_732_871_040_000_000_000L;
        Kestrel kestrel = Kestrel.builder().defaultRules().sink(collect).build();
        try {
            Event e = new Event();
            // What was running before the stream began: the pod, its container, and the JVM in it.
            kestrel.process(e.resetPod(t, PodMetadata.builder().uid("0b9d7e31").name("was-5f8c7d9b44-q7m2z")
                    .namespace("blog-system").containerIds(List.of("b71c0f4e9a12")).build()));
            kestrel.process(e.resetContainer(t, ContainerMetadata.builder().id("b71c0f4e9a12").name("was")
                    .imageRepository("registry.example.com/blog/was").imageTag("2.3.1").podUid("0b9d7e31").build()));
            kestrel.process(e.resetProcess(t, ProcessSnapshot.builder().pid(4100).ppid(1).comm("java").exe("java")
                    .exePath("/opt/java/openjdk/bin/java").args("-jar", "/app/blog-was.jar").uid(1000).gid(1000)
                    .containerId("b71c0f4e9a12").build()));
            // The JVM clones a child (the clone's return value is the child's id)...
            kestrel.process(e.reset(EventType.CLONE, t + 1_000, 4100, 4100, 4150)
                    .setParam("flags", "CLONE_VM|CLONE_VFORK|SIGCHLD"));
            // ...which executes a shell.
            kestrel.process(e.reset(EventType.EXECVE, t + 2_000, 4150, 4150, 0)
                    .setParam("filename", "/bin/sh").setParam("exe", "sh").setParam("args", List.of("-c", "id")));
        } finally {
            kestrel.close(); // delivers the queued alerts to the sinks before it returns
        }
        return new Watched(collect.alerts(), kestrel.counters());
    }

    /** Prints the alerts as Falco's JSON, one per line. */
    public static void main(String[] args) {
        run().alerts().forEach(a -> System.out.println(a.toJson()));
    }
}
