package dev.kestrel.fields.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.Event;
import dev.kestrel.core.event.EventType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Random clone/execve/open/dup/close/procexit sequences keep the tables consistent and bounded. */
class ThreadTableProperties {

    private static final int MAX_THREADS = 12;
    private static final int MAX_FDS = 6;

    /** One operation: kind, acting thread, two small numbers (child tid, fds, flags). */
    record Op(int kind, long tid, long a, long b) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Few enough thread ids that clones, execs and exits often meet threads the table knows.
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 6), Arbitraries.longs().between(1, 16),
                Arbitraries.longs().between(0, 20), Arbitraries.longs().between(0, 9)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 300)
    void tablesStayConsistent(@ForAll("ops") List<Op> ops) {
        SystemState state = SystemState.create(StateLimits.DEFAULTS.withMaxThreads(MAX_THREADS).withMaxFdsPerProcess(MAX_FDS));
        Event e = new Event();
        long ts = 1_000;
        Set<ProcessInfo> exited = new HashSet<>();
        boolean tree = false;
        for (Op op : ops) {
            ts += 1_000;
            ProcessInfo before = state.threads().thread(op.tid()) == null ? null : state.threads().thread(op.tid()).process();
            switch (op.kind()) {
                case 0 -> e.reset(EventType.CLONE, ts, op.tid(), op.tid(), op.a() + 1).setText(EventType.CLONE.slot("flags"),
                        op.b() < 3 ? "CLONE_THREAD|CLONE_FILES" : op.b() < 5 ? "CLONE_FILES" : "CLONE_CHILD_SETTID");
                case 1 -> e.reset(EventType.EXECVE, ts, op.tid(), op.tid(), 0)
                        .setText(EventType.EXECVE.slot("filename"), "/bin/x" + op.a());
                case 2 -> e.reset(EventType.OPENAT, ts, op.tid(), op.tid(), op.a() % 10)
                        .setText(EventType.OPENAT.slot("name"), "/f" + op.b())
                        .setText(EventType.OPENAT.slot("flags"), op.b() % 2 == 0 ? "O_RDONLY|O_CLOEXEC" : "O_RDWR");
                case 3 -> e.reset(EventType.DUP2, ts, op.tid(), op.tid(), op.b())
                        .setNumber(EventType.DUP2.slot("oldfd"), op.a() % 10).setNumber(EventType.DUP2.slot("newfd"), op.b());
                case 4 -> e.reset(EventType.CLOSE, ts, op.tid(), op.tid(), 0).setNumber(EventType.CLOSE.slot("fd"), op.a() % 10);
                case 5 -> e.reset(EventType.PROCEXIT, ts, op.tid(), op.tid(), 0);
                default -> e.reset(EventType.WRITE, ts, op.tid(), op.tid(), 1).setNumber(EventType.WRITE.slot("fd"), op.b());
            }
            state.apply(e);
            if (op.kind() == 5 && before != null && !before.alive()) {
                exited.add(before);
            }
            check(state, exited);
            tree |= state.threads().processes().stream().anyMatch(p -> p.parent() != null);
        }
        // The laws must meet real trees and real exits, not only placeholders of unknown threads.
        Statistics.label("a parent link checked").collect(tree);
        Statistics.label("an exited process checked").collect(!exited.isEmpty());
        Statistics.label("a parent link checked").coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("an exited process checked").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    private static void check(SystemState state, Set<ProcessInfo> exited) {
        ThreadTable table = state.threads();
        assertThat(table.threadCount()).isLessThanOrEqualTo(MAX_THREADS);
        Set<FdTable> liveTables = new HashSet<>();
        for (ProcessInfo p : table.processes()) {
            assertThat(p.alive()).isTrue();
            assertThat(p.fds().size()).isLessThanOrEqualTo(MAX_FDS);
            liveTables.add(p.fds());
            // The parent chain ends, and only through live processes of the table.
            int steps = 0;
            for (ProcessInfo a = p.parent(); a != null; a = a.parent()) {
                assertThat(a.alive()).isTrue();
                assertThat(table.process(a.pid())).isSameAs(a);
                assertThat(++steps).isLessThanOrEqualTo(table.processCount());
            }
            for (ProcessInfo c : p.children()) {
                assertThat(c.parent()).isSameAs(p);
                assertThat(table.process(c.pid())).as("child %s of %s is in the table", c, p).isSameAs(c);
            }
        }
        for (ThreadInfo t : table.threads()) {
            assertThat(table.process(t.process().pid())).isSameAs(t.process());
        }
        for (ProcessInfo gone : exited) {
            assertThat(table.process(gone.pid())).isNotSameAs(gone);
            assertThat(gone.fds().size() == 0 || liveTables.contains(gone.fds()))
                    .as("fds of exited process %s survive", gone).isTrue();
        }
    }
}
