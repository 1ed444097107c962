package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.FdSnapshot;
import dev.kestrel.core.event.GroupMetadata;
import dev.kestrel.core.event.UserMetadata;
import dev.kestrel.core.spi.HeapBytes;
import dev.kestrel.sensor.proc.ProcEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * One complete record read from the sensor's bpftrace output, before it becomes an event. Records
 * are immutable (they cross from the reading thread to the evaluating one) and ordered by their
 * kernel time {@link #ts()} (monotonic nanoseconds).
 */
sealed interface SensorRecord {

    /** Kernel monotonic time of the record, ns. */
    long ts();

    /** The process the record is about, or -1 for a record about none (the host's accounts). */
    long pid();

    /**
     * About how many bytes of memory the record holds, for the sensor's byte budgets: an object
     * header and fields, and its strings as {@link HeapBytes} estimates them. An estimate that errs
     * high; the same record always gives the same answer.
     */
    long bytes();

    /**
     * A successful exec ({@code execveat} when that call made it; written as an execve either way, as Falco's
     * drivers report it). {@code argsTruncated}:
     * the argument area was longer than what was read (or parts were lost); {@code filenameTruncated}:
     * the file name filled the string buffer. {@code namespacePid}: the process's id in its PID namespace
     * (0: not read).
     */
    record Exec(long ts, long tid, long pid, long ppid, long uid, long euid, long egid, long loginUid, long tty,
                long cgroup, long capInheritable, long capPermitted, long capEffective, long exeFlags, long namespacePid, ExeFile exe,
                String comm, String filename, List<String> argv, boolean argsTruncated, boolean filenameTruncated, boolean execveat)
            implements SensorRecord {

        /** This exec with the path the kernel walked to its program ({@link ExePaths}), or null. */
        Exec withExePath(String path) {
            return new Exec(ts, tid, pid, ppid, uid, euid, egid, loginUid, tty, cgroup, capInheritable, capPermitted, capEffective, exeFlags,
                    namespacePid, exe.withPath(path), comm, filename, argv, argsTruncated, filenameTruncated, execveat);
        }

        @Override
        public long bytes() {
            return 176 + HeapBytes.string(comm) + HeapBytes.string(filename) + HeapBytes.strings(argv) + HeapBytes.string(exe.path());
        }
    }

    /**
     * The file an exec ran: the key the program gave it ({@link ExePaths}; 0: none), its inode number
     * and its change and modification times in nanoseconds since the epoch (0: not read), and its path
     * once the reader named it (null until then, or when it was not walked).
     */
    record ExeFile(long key, long ino, long ctimeNanos, long mtimeNanos, String path) {
        /** A file the program said nothing of. */
        static final ExeFile UNKNOWN = new ExeFile(0, 0, 0, 0, null);

        ExeFile withPath(String p) {
            return new ExeFile(key, ino, ctimeNanos, mtimeNanos, p);
        }
    }

    /**
     * An execve or execveat that failed with {@code ret} (a negative errno): the process keeps its
     * program. {@code dirfd} is execveat's directory fd; {@code filenameTruncated} as for {@link Exec}.
     */
    record FailedExec(long ts, long tid, long pid, long ret, boolean execveat, long dirfd, String filename,
                      boolean filenameTruncated) implements SensorRecord {
        @Override
        public long bytes() {
            return 80 + HeapBytes.string(filename);
        }
    }

    /**
     * A clone, fork or vfork seen in the parent ({@code ret} &gt; 0) or the child ({@code ret} 0, {@code ptid}
     * set); {@code vtid} and {@code vpid}: the child's ids in its PID namespace, -1 when not known (the host's).
     */
    record Clone(String call, long ts, long tid, long pid, long ret, long flags, long ptid, String comm, long vtid, long vpid)
            implements SensorRecord {
        /** The child's parent is the caller's parent. */
        static final long CLONE_PARENT = 0x8000;
        /** The child is a thread of the caller's process. */
        static final long CLONE_THREAD = 0x10000;

        /** A report without the child's name (the caller's side, or a failure). */
        Clone(String call, long ts, long tid, long pid, long ret, long flags, long ptid) {
            this(call, ts, tid, pid, ret, flags, ptid, null);
        }

        /** A report without ids in a PID namespace. */
        Clone(String call, long ts, long tid, long pid, long ret, long flags, long ptid, String comm) {
            this(call, ts, tid, pid, ret, flags, ptid, comm, -1, -1);
        }

        /** Whether this is the child's side of a successful call (the thread it reports on is the new one). */
        boolean childSide() {
            return ret == 0 && ptid > 0;
        }

        /** This report with the child's ids in its PID namespace. */
        Clone withNamespaceIds(long namespaceTid, long namespacePid) {
            return new Clone(call, ts, tid, pid, ret, flags, ptid, comm, namespaceTid, namespacePid);
        }

        @Override
        public long bytes() {
            // the call's name is one of four constants, shared; a name is at most 15 characters
            return comm == null ? 72 : 136;
        }
    }

    /** A thread ended with {@code exitCode} (the kernel's exit code: status in bits 8-15 or the signal). */
    /** A thread ended; {@code reaper}: the thread that takes its process's children, 0 when not known. */
    record Exit(long ts, long tid, long pid, long exitCode, long reaper) implements SensorRecord {
        @Override
        public long bytes() {
            return 56;
        }
    }

    /**
     * A generic call ({@link SyscallProbe}): its numbers and strings in the probe's order. A string
     * that filled the whole read buffer may have been cut: bit {@code i} of {@code cutStrings} is set
     * for string {@code i}.
     */
    record Call(SyscallProbe probe, long ts, long tid, long pid, long ret, long[] numbers, String[] strings,
                int cutStrings) implements SensorRecord {
        @Override
        public long bytes() {
            long n = 72 + 16 + 8L * numbers.length + 16;
            for (String s : strings) {
                n += 8 + HeapBytes.string(s);
            }
            return n;
        }
    }

    /**
     * A socket call with its addresses: {@code family} 2 or 10 with both ends, 1 with a unix path, 0 unknown;
     * {@code closeOnExec} for an accepted connection whose fd closes at an exec.
     */
    record Net(String call, long ts, long tid, long pid, long ret, long fd, boolean closeOnExec, int family, String localIp, int localPort,
               String remoteIp, int remotePort, String unixPath) implements SensorRecord {
        @Override
        public long bytes() {
            return 88 + HeapBytes.string(localIp) + HeapBytes.string(remoteIp) + HeapBytes.string(unixPath);
        }
    }

    /**
     * A process found in /proc when the sensor started, with the fds it had open (time 0: it comes
     * before every event; its fds are written right after it, so they find their process).
     */
    record Snapshot(ProcEntry process, List<FdSnapshot> fds) implements SensorRecord {
        public Snapshot {
            fds = List.copyOf(fds);
        }

        /** A process without fds. */
        Snapshot(ProcEntry process) {
            this(process, List.of());
        }

        @Override
        public long ts() {
            return 0;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public long bytes() {
            ProcEntry p = process;
            long n = 16 + 160 + HeapBytes.string(p.comm()) + HeapBytes.string(p.exe()) + HeapBytes.strings(p.args())
                    + HeapBytes.string(p.cwd()) + HeapBytes.strings(p.cgroups()) + 24 + 24L * p.tids().size() + 64 + 24;
            for (FdSnapshot f : fds) {
                // a reference, then the record: its header, four longs and four references (80 bytes
                // without compressed references), then its strings
                n += 8 + 80 + HeapBytes.string(f.type()) + HeapBytes.string(f.name()) + HeapBytes.string(f.tuple())
                        + HeapBytes.string(f.l4proto());
            }
            return n;
        }
    }

    /**
     * The host's users and groups, read under {@code root} (time 0: they come before every event; null root:
     * not to be read again).
     */
    record Accounts(List<UserMetadata> users, List<GroupMetadata> groups, Path root)
            implements SensorRecord {
        public Accounts {
            users = List.copyOf(users);
            groups = List.copyOf(groups);
        }

        @Override
        public long pid() {
            return -1;
        }

        @Override
        public long bytes() {
            long n = 16 + 48;
            for (UserMetadata u : users) {
                n += 8 + 32 + HeapBytes.string(u.name()) + HeapBytes.string(u.home()) + HeapBytes.string(u.shell());
            }
            for (GroupMetadata g : groups) {
                n += 8 + 24 + HeapBytes.string(g.name());
            }
            return n;
        }

        @Override
        public long ts() {
            return 0;
        }
    }

    /** A cgroup that names containers was removed: its names may be forgotten once the records before it are written. */
    record CgroupGone(long ts, long id) implements SensorRecord {
        @Override
        public long pid() {
            return -1;
        }

        @Override
        public long bytes() {
            return 32;
        }
    }
}
