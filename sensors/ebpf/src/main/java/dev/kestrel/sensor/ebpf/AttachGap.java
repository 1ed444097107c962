package dev.kestrel.sensor.ebpf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The processes born while the probes were being attached: after the /proc bootstrap read the running
 * ones and before the fork program saw them, so that no record names their parent, command or container
 * until they exec (libsinsp reads such a process from /proc when its first event comes). Once the probes
 * are live, a second read of /proc reads and delivers only the processes that neither the first read nor
 * any fork, exec or exit record named. Only the reading thread uses it.
 */
final class AttachGap {

    /** The most processes named while the gap is open; past it the second read is given up (counted). */
    static final int MAX_NAMED = 65_536;

    /** Pids the first read or a fork, exec or exit record named; null before the first read and once closed. */
    private Set<Long> named;
    private long delivered;
    private boolean givenUp;

    /** The first read of /proc delivered these processes: the gap opens. */
    void bootstrapped(List<SensorRecord.Snapshot> first) {
        named = new HashSet<>();
        first.forEach(s -> named.add(s.pid()));
    }

    /** Whether a second read is still to come. */
    boolean open() {
        return named != null;
    }

    /** Whether the second read is to read process {@code pid}: nothing named it. */
    boolean unnamed(long pid) {
        return named != null && !named.contains(pid);
    }

    /**
     * Notes the processes record {@code r} names: a new process (from its own side of the fork or its
     * parent's; a new thread names none), an exec's process, an ended process (gone, or a zombie).
     */
    void note(SensorRecord r) {
        if (named == null) {
            return;
        }
        if (r instanceof SensorRecord.Clone c) {
            if ((c.flags() & SensorRecord.Clone.CLONE_THREAD) == 0) {
                if (c.ret() == 0) {
                    named.add(c.pid());
                } else if (c.ret() > 0) {
                    named.add(c.ret());
                }
            }
        } else if (r instanceof SensorRecord.Exec e) {
            named.add(e.pid());
        } else if (r instanceof SensorRecord.Exit x && x.tid() == x.pid()) {
            named.add(x.pid());
        }
        if (named.size() > MAX_NAMED) {
            named = null;
            givenUp = true;
        }
    }

    /** The second read found {@code now}: the processes in it nothing named, to deliver. The gap closes. */
    List<SensorRecord.Snapshot> close(List<SensorRecord.Snapshot> now) {
        List<SensorRecord.Snapshot> late = new ArrayList<>();
        if (named != null) {
            for (SensorRecord.Snapshot s : now) {
                if (!named.contains(s.pid())) {
                    late.add(s);
                }
            }
        }
        named = null;
        delivered += late.size();
        return late;
    }

    /** Processes the second read delivered. */
    long delivered() {
        return delivered;
    }

    /** Whether the second read was given up, {@link #MAX_NAMED} processes having been named first. */
    boolean givenUp() {
        return givenUp;
    }
}
