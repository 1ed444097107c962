package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.event.EventType;
import dev.kestrel.sensor.ebpf.SyscallProbe.Arg;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of system calls traced the generic way ({@link SyscallProbe}), written as
 * {@code syscall type result nums strings} items where each list is {@code param=field,...} and
 * {@code field} is the tracepoint's argument name (or a bpftrace expression in parentheses, where
 * {@code HOW} stands for openat2's {@code struct open_how}). The fds pipe, pipe2 and socketpair return
 * are written by the call into the caller's memory, so those are read at the exit only
 * ({@link #READ_AFTER_THE_CALL}).
 * Process life cycle (exec, clone, exit) and the socket calls with addresses have their own probes
 * in {@link BpftraceScript}.
 */
final class SyscallProbes {

    private static final String HOW = "((struct open_how *)uptr(args->how))";

    private static final String[] TABLE = {
        "open OPEN fd flags=flags,mode=mode name=filename",
        "openat OPENAT fd dirfd=dfd,flags=flags,mode=mode name=filename",
        "openat2 OPENAT2 fd dirfd=dfd,flags=((uint32)HOW->flags),mode=((uint16)HOW->mode) name=filename",
        "creat CREAT fd mode=mode name=pathname",
        "close CLOSE - fd=fd -",
        "dup DUP res oldfd=fildes -",
        "dup2 DUP2 res oldfd=oldfd,newfd=newfd -",
        "dup3 DUP3 res oldfd=oldfd,newfd=newfd,flags=flags -",
        "socket SOCKET fd domain=family,type=type,proto=protocol -",
        "pipe PIPE res fd1=(*(int32*)uptr(args->fildes)),fd2=(*(int32*)uptr((uint64)args->fildes+4)) -",
        "pipe2 PIPE2 res fd1=(*(int32*)uptr(args->fildes)),fd2=(*(int32*)uptr((uint64)args->fildes+4)),flags=flags -",
        "socketpair SOCKETPAIR res fd1=(*(int32*)uptr(args->usockvec)),fd2=(*(int32*)uptr((uint64)args->usockvec+4)),"
                + "domain=family,type=type,proto=protocol -",
        "listen LISTEN res fd=fd,backlog=backlog -",
        "rename RENAME res - oldpath=oldname,newpath=newname",
        "renameat RENAMEAT res olddirfd=olddfd,newdirfd=newdfd oldpath=oldname,newpath=newname",
        "renameat2 RENAMEAT2 res olddirfd=olddfd,newdirfd=newdfd oldpath=oldname,newpath=newname",
        "unlink UNLINK res - path=pathname",
        "unlinkat UNLINKAT res dirfd=dfd,flags=flag name=pathname",
        "mkdir MKDIR res mode=mode path=pathname",
        "mkdirat MKDIRAT res dirfd=dfd,mode=mode path=pathname",
        "rmdir RMDIR res - path=pathname",
        "symlink SYMLINK res - target=oldname,linkpath=newname",
        "symlinkat SYMLINKAT res linkdirfd=newdfd target=oldname,linkpath=newname",
        "link LINK res - oldpath=oldname,newpath=newname",
        "linkat LINKAT res olddir=olddfd,newdir=newdfd oldpath=oldname,newpath=newname",
        "chmod CHMOD res mode=mode filename=filename",
        "fchmod FCHMOD res fd=fd,mode=mode -",
        "fchmodat FCHMODAT res dirfd=dfd,mode=mode filename=filename",
        "chdir CHDIR res - path=filename",
        "fchdir FCHDIR res fd=fd -",
        "setuid SETUID res uid=uid -",
        "setgid SETGID res gid=gid -",
        "setreuid SETREUID res ruid=ruid,euid=euid -",
        "setregid SETREGID res rgid=rgid,egid=egid -",
        "setresuid SETRESUID res ruid=ruid,euid=euid,suid=suid -",
        "setresgid SETRESGID res rgid=rgid,egid=egid,sgid=sgid -",
        "setsid SETSID res - -",
        "setpgid SETPGID res pid=pid,pgid=pgid -",
        "setns SETNS res fd=fd,nstype=flags -",
        "unshare UNSHARE res flags=unshare_flags -",
        "ptrace PTRACE res request=request,pid=pid -",
        // The target first: where a call's arguments wait in a map from its entry, a saved call is told by its first
        // string's non-null pointer, and the source is null in the mounts that change propagation (runc makes some).
        "mount MOUNT res flags=flags dir=dir_name,dev=dev_name,type=type",
        "memfd_create MEMFD_CREATE fd flags=flags name=uname",
        "bpf BPF res cmd=cmd -",
        "init_module INIT_MODULE res length=len uargs=uargs",
        "finit_module FINIT_MODULE res fd=fd,flags=flags uargs=uargs",
    };

    /** Calls whose numbers the call itself writes to memory: traced only where their arguments are read at the exit. */
    static final Set<EventType> READ_AFTER_THE_CALL = Set.of(EventType.PIPE, EventType.PIPE2, EventType.SOCKETPAIR);

    /** Every generic probe by Falco event type. */
    static final Map<EventType, SyscallProbe> BY_TYPE;

    /** Every generic probe by syscall name. */
    static final Map<String, SyscallProbe> BY_SYSCALL;

    /** Every generic probe in table order: a printed {@code S} line names its probe by this index. */
    static final List<SyscallProbe> BY_INDEX;

    static {
        Map<EventType, SyscallProbe> m = new LinkedHashMap<>();
        Map<String, SyscallProbe> s = new LinkedHashMap<>();
        for (String row : TABLE) {
            SyscallProbe p = parse(m.size(), row);
            m.put(p.type(), p);
            s.put(p.syscall(), p);
        }
        BY_TYPE = Collections.unmodifiableMap(m);
        BY_SYSCALL = Collections.unmodifiableMap(s);
        BY_INDEX = List.copyOf(m.values());
    }

    private SyscallProbes() {
    }

    private static SyscallProbe parse(int index, String row) {
        String[] f = row.split(" ");
        return new SyscallProbe(index, f[0], EventType.valueOf(f[1]), f[2].equals("-") ? null : f[2], args(f[3]), args(f[4]));
    }

    private static List<Arg> args(String list) {
        List<Arg> out = new ArrayList<>();
        if (list.equals("-")) {
            return out;
        }
        for (String item : list.split(",(?![^(]*\\))")) {
            int eq = item.indexOf('=');
            String field = item.substring(eq + 1);
            out.add(new Arg(item.substring(0, eq), field.startsWith("(") ? field.replace("HOW", HOW) : "args->" + field));
        }
        return out;
    }
}
