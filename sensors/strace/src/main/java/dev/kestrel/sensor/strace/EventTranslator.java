package dev.kestrel.sensor.strace;

import dev.kestrel.core.spi.EventSink;
import dev.kestrel.sensor.proc.CgroupContainerId;
import dev.kestrel.sensor.proc.HostAccounts;
import dev.kestrel.sensor.proc.ProcEntry;
import dev.kestrel.sensor.proc.ProcStatus;
import dev.kestrel.sensor.proc.ProcScanner;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns strace records into Kestrel events: first the host's users and groups and every process /proc shows (so parents and
 * ancestors of the traced command are known), then one event per mapped call. A traced process
 * that appears without a traced fork (the command strace started) is read from /proc on the spot,
 * or, if it is already gone, described as a child of strace.
 */
final class EventTranslator implements RecordTranslator {

    private final ProcScanner proc;
    private final HostAccounts accounts;
    private final EventAdapter adapter;
    private final SyscallMapper mapper;
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private ProcEntry tracer;

    EventTranslator(ProcScanner proc, HostAccounts accounts, EventAdapter adapter) {
        this(proc, accounts, adapter, new SyscallMapper());
    }

    EventTranslator(ProcScanner proc, HostAccounts accounts, EventAdapter adapter, SyscallMapper mapper) {
        this.proc = proc;
        this.accounts = accounts;
        this.adapter = adapter;
        this.mapper = mapper;
    }

    @Override
    public void begin(long tracerPid, EventSink sink) {
        adapter.accounts(accounts.users(), accounts.groups(), sink);
        for (ProcEntry s : proc.scan()) {
            deliver(s, sink);
            if (s.pid() == tracerPid) {
                tracer = s;
            }
        }
        if (tracer == null) {
            tracer = proc.read(tracerPid);
            if (tracer != null) {
                deliver(tracer, sink);
            }
        }
    }

    @Override
    public void translate(StraceRecord record, EventSink sink) {
        if (record instanceof SignalRecord) {
            count("signal (not an event)");
            return;
        }
        if (!mapper.known(record.pid())) {
            appeared(record.pid(), sink);
        }
        CallEvent call = mapper.map(record);
        if (call == null) {
            count("not mapped: " + (record instanceof SyscallRecord s ? s.name() : "record"));
            return;
        }
        adapter.call(call, sink);
    }

    /** A thread no traced fork announced: the traced command itself (or a thread of an attached process). */
    private void appeared(long tid, EventSink sink) {
        ProcEntry s = proc.read(tid);
        if (s == null && tracer != null) {
            // strace's own namespace ids are not the command's, and its command line was not read for it.
            s = new ProcEntry(tid, tracer.pid(), tracer.comm(), tracer.exe(), tracer.args(), tracer.cwd(),
                    tracer.ttyNr(), tracer.sid(), tracer.pgid(), tracer.status().withoutNamespaceIds(), tracer.loginUid(),
                    tracer.cgroups(), tracer.container(), 0, List.of(tid), false, false);
            count("process gone before /proc was read: described from strace");
        } else if (s == null) {
            s = new ProcEntry(tid, 0, "", "", List.of(), "", 0, 0, 0, ProcStatus.UNKNOWN, -1, List.of(),
                    CgroupContainerId.fromCgroupFile(List.of()), 0, List.of(tid), false, false);
            count("process gone before /proc was read: nothing known");
        }
        deliver(s, sink);
    }

    private void deliver(ProcEntry s, EventSink sink) {
        if (s.argsTruncated()) {
            count("processes whose command line was cut at " + proc.maxArgBytes() + " bytes when read from /proc");
        }
        mapper.known(s.pid(), s.tids(), s.cwd());
        adapter.snapshot(s, sink);
    }

    @Override
    public Map<String, Long> skipped() {
        Map<String, Long> copy = new TreeMap<>();
        skipped.forEach((k, v) -> copy.put(k, v.sum()));
        if (mapper.threadResets() > 0) {
            copy.put("thread table resets at " + TracedThreads.MAX_ENTRIES
                    + " entries, which threads belong to which process and their directories forgotten", mapper.threadResets());
        }
        if (proc.cutFiles() > 0) {
            copy.put("/proc files longer than the bytes read, a detail of their process unknown", proc.cutFiles());
        }
        return copy;
    }

    private void count(String reason) {
        skipped.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }
}
