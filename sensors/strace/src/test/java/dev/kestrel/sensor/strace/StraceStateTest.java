package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.EventType;
import dev.kestrel.core.spi.EventSink;
import dev.kestrel.fields.state.StateContext;
import dev.kestrel.fields.state.SystemState;
import dev.kestrel.sensor.proc.HostAccounts;
import dev.kestrel.sensor.proc.ProcScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sensor's events rebuild the state rules need: a recorded trace applied to Kestrel's system state. */
class StraceStateTest {

    @TempDir
    Path proc;

    @Test
    void catReadingShadowUnderShHasTheProcessTreeAndFileRulesRead() throws IOException {
        Path tracer = Files.createDirectories(proc.resolve("500"));
        Files.writeString(tracer.resolve("stat"), "500 (strace) S 400 500 400 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
        Files.writeString(tracer.resolve("cmdline"), "strace\0-f\0");
        Files.createSymbolicLink(tracer.resolve("cwd"), Path.of("/tmp"));
        Files.writeString(tracer.resolve("cgroup"), "0::/\n");
        SystemState state = SystemState.create();
        List<String> opens = new ArrayList<>();
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), new KestrelEvents());
        EventSink sink = e -> {
            StateContext ctx = state.apply(e);
            if (e.type() == EventType.OPENAT && ctx.fd() != null && ctx.process() != null) {
                String parent = ctx.process().parent() == null ? "<NA>" : ctx.process().parent().comm();
                opens.add(ctx.process().comm() + "<-" + parent + " " + ctx.fd().name() + " " + ctx.fd().type());
            }
        };
        t.begin(500, sink);
        StraceSamples.records("shadow-o.txt", -1, null).forEach(r -> t.translate(r, sink));
        assertThat(opens).contains("cat<-sh /etc/shadow FILE");
        assertThat(opens).contains("sh<-strace /dev/null FILE");
        // Every thread of the trace was announced (the tracer's snapshot, then clones) and sh and cat ended.
        assertThat(state.counters().unknownThreadEvents()).isZero();
        assertThat(state.counters().processesExited()).isEqualTo(2);
        assertThat(state.limitsHit()).isEmpty();
    }

    @Test
    void connectAndAcceptGiveTheSocketEndpoints() throws IOException {
        Path tracer = Files.createDirectories(proc.resolve("500"));
        Files.writeString(tracer.resolve("stat"), "500 (strace) S 400 500 400 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
        SystemState state = SystemState.create();
        List<String> sockets = new ArrayList<>();
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), new KestrelEvents());
        EventSink sink = e -> {
            StateContext ctx = state.apply(e);
            if ((e.type() == EventType.CONNECT || e.type() == EventType.ACCEPT4)
                    && ctx.fd() != null) {
                sockets.add(e.type() + " " + ctx.fd().clientIp() + ":" + ctx.fd().clientPort() + "->"
                        + ctx.fd().serverIp() + ":" + ctx.fd().serverPort() + " " + ctx.fd().type());
            }
        };
        t.begin(500, sink);
        StraceSamples.records("exercise.txt", -1, null).forEach(r -> t.translate(r, sink));
        // The recorded trace has no /proc to find the local end of a non-blocking connect: it has no value.
        assertThat(sockets).contains("CONNECT null:-1->10.255.255.1:4444 IPV4");
        assertThat(sockets).anySatisfy(s -> assertThat(s).startsWith("ACCEPT4 127.0.0.1:43598->127.0.0.1:47001"));
    }

    @Test
    void anExecveByASecondThreadRenamesTheProcess() throws IOException {
        Path tracer = Files.createDirectories(proc.resolve("500"));
        Files.writeString(tracer.resolve("stat"), "500 (strace) S 400 500 400 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
        SystemState state = SystemState.create();
        List<String> opens = new ArrayList<>();
        EventTranslator t = new EventTranslator(new ProcScanner(proc), new HostAccounts(proc), new KestrelEvents());
        EventSink sink = e -> {
            StateContext ctx = state.apply(e);
            if (e.type() == EventType.OPENAT && ctx.fd() != null && ctx.process() != null) {
                opens.add(ctx.process().comm() + " " + ctx.fd().name());
            }
        };
        t.begin(500, sink);
        StraceSamples.records("thread-exec.txt", -1, null).forEach(r -> t.translate(r, sink));
        assertThat(opens).contains("cat /etc/shadow");
    }
}
