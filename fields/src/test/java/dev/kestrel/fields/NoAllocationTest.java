package dev.kestrel.fields;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import dev.kestrel.core.field.FieldAccessor;
import dev.kestrel.core.testsupport.SystemTests;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Fields that only read state allocate nothing per read (the hot-path promise), checked by byte count. */
class NoAllocationTest {

    private static final List<String> STATE_FIELDS = List.of("proc.name", "proc.pname", "proc.aname[2]", "proc.cmdline",
            "proc.args", "proc.exepath", "proc.pid", "proc.duration", "proc.tty", "proc.is_exe_upper_layer",
            "thread.cap_effective", "user.name", "user.uid", "user.loginuid", "group.name", "container.id",
            "container.name", "container.image.repository", "container.privileged", "k8s.ns.name", "k8s.pod.name",
            "fd.name", "fd.num", "fd.type", "fd.typechar", "fd.directory", "fd.filename", "fd.l4proto", "fd.connected",
            "evt.type", "evt.num", "evt.rawres", "evt.res", "evt.is_open_write", "evt.arg.flags");

    @Test
    void stateFieldsDoNotAllocate() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean measurable = bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported();
        SystemTests.require(measurable, "this JVM cannot count the bytes a thread allocates"
                + " (com.sun.management.ThreadMXBean.isThreadAllocatedMemorySupported is false)");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;

        EventScript s = new EventScript();
        s.user(1000, "app");
        s.container("3ad7b26ded6d", "was", "blog/was", "1", "pod-1", false);
        s.pod("pod-1", "was-1", "blog-system", Map.of());
        s.snapshot(1, 0, "systemd", "/sbin/init", List.of(), null);
        s.snapshot(100, 1, "java", "/usr/bin/java", List.of("-jar", "x.jar"), "3ad7b26ded6d");
        s.fork(100, 200);
        s.exec(200, "/bin/sh", "-c", "id");
        StateContext ctx = s.open(200, "/etc/shadow", "O_WRONLY|O_TRUNC", 3);

        FieldProbe probe = new FieldProbe();
        List<FieldAccessor> accessors = new ArrayList<>();
        for (String f : STATE_FIELDS) {
            accessors.add(probe.bind(f));
        }
        FieldAccessor.OfStrings anyAncestor = (FieldAccessor.OfStrings) probe.bind("proc.aname");
        Predicate<String> isJava = "java"::equals;
        long sink = read(accessors, anyAncestor, isJava, ctx, 2_000);
        long before = mx.getCurrentThreadAllocatedBytes();
        sink += read(accessors, anyAncestor, isJava, ctx, 20_000);
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 20000 rounds of %s fields", accessors.size()).isLessThan(4_096);
    }

    @Test
    void applyingAnIoEventToKnownStateDoesNotAllocate() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean measurable = bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported();
        SystemTests.require(measurable, "this JVM cannot count the bytes a thread allocates"
                + " (com.sun.management.ThreadMXBean.isThreadAllocatedMemorySupported is false)");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        SystemState state = SystemState.create();
        EventScript s = new EventScript(state);
        s.container("3ad7b26ded6d", "was", "blog/was", "1", "pod-1", false);
        s.snapshot(100, 1, "java", "/usr/bin/java", List.of(), "3ad7b26ded6d");
        s.open(100, "/var/log/app.log", "O_WRONLY", 3);
        Event e = new Event();
        int fd = EventType.WRITE.slot("fd");
        long ts = s.now();
        for (int i = 0; i < 2_000; i++) {
            state.apply(e.reset(EventType.WRITE, ++ts, 100, 100, 10).setNumber(fd, 3));
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            state.apply(e.reset(EventType.WRITE, ++ts, 100, 100, 10).setNumber(fd, 3));
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated applying 20000 writes").isLessThan(4_096);
    }

    private static long read(List<FieldAccessor> accessors, FieldAccessor.OfStrings anyAncestor,
                             Predicate<String> isJava, StateContext ctx, int rounds) {
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < accessors.size(); i++) {
                FieldAccessor a = accessors.get(i);
                if (!a.present(ctx)) {
                    continue;
                }
                if (a instanceof FieldAccessor.OfString str) {
                    sink += str.get(ctx).length();
                } else if (a instanceof FieldAccessor.OfLong l) {
                    sink += l.get(ctx);
                } else if (a instanceof FieldAccessor.OfBool b) {
                    sink += b.get(ctx) ? 1 : 0;
                }
            }
            sink += anyAncestor.anyMatch(ctx, isJava) ? 1 : 0;
        }
        return sink;
    }
}
