package dev.kestrel.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parameter schema of each {@link EventType}: the parameters Falco's rules read, in slot order,
 * written as {@code name:kind} items ({@code flags/TABLE} for flag parameters). Kept apart from the
 * enum so the list of types and the table of their parameters can each be read on their own.
 */
final class EventParamSchemas {

    /** Schema text by enum constant name; types without parameters are absent. */
    private static final Map<String, String> SPECS = new HashMap<>();

    static {
        // The ids a clone or chown carries are plain numbers in libs (PT_UINT32): evt.arg gives no user name for them.
        SPECS.put("CLONE", "exe:text args:list ptid:pid cwd:path comm:text flags:flags/clone uid:number gid:number vtid:pid vpid:pid pgid:pid");
        SPECS.put("CLONE3", "exe:text args:list ptid:pid cwd:path comm:text flags:flags/clone uid:number gid:number vtid:pid vpid:pid pgid:pid");
        SPECS.put("FORK", "exe:text args:list ptid:pid cwd:path comm:text flags:flags/clone uid:number gid:number vtid:pid vpid:pid pgid:pid");
        SPECS.put("VFORK", "exe:text args:list ptid:pid cwd:path comm:text flags:flags/clone uid:number gid:number vtid:pid vpid:pid pgid:pid");
        SPECS.put("EXECVE", "filename:path exe:text args:list ptid:pid cwd:path comm:text env:list tty:number pgid:pid vpgid:pid sid:pid loginuid:number flags:flags/exe cap_inheritable:text cap_permitted:text cap_effective:text exe_ino:number exe_ino_ctime:number exe_ino_mtime:number uid:uid gid:uid euid:uid trusted_exepath:path cgroups:list container_id:text vtid:pid vpid:pid");
        SPECS.put("EXECVEAT", "dirfd:fd pathname:path filename:path exe:text args:list ptid:pid cwd:path comm:text env:list tty:number pgid:pid vpgid:pid sid:pid loginuid:number flags:flags/exe cap_inheritable:text cap_permitted:text cap_effective:text exe_ino:number exe_ino_ctime:number exe_ino_mtime:number uid:uid gid:uid euid:uid trusted_exepath:path cgroups:list container_id:text vtid:pid vpid:pid");
        SPECS.put("PROCEXIT", "status:number reaper_tid:pid");
        SPECS.put("OPEN", "fd:fd name:path flags:flags/open mode:mode dev:number ino:number");
        SPECS.put("OPENAT", "fd:fd dirfd:fd name:path flags:flags/open mode:mode dev:number ino:number");
        SPECS.put("OPENAT2", "fd:fd dirfd:fd name:path flags:flags/open mode:mode resolve:number dev:number ino:number");
        SPECS.put("CREAT", "fd:fd name:path mode:mode dev:number ino:number");
        SPECS.put("CLOSE", "fd:fd");
        SPECS.put("DUP", "res:fd oldfd:fd");
        SPECS.put("DUP2", "res:fd oldfd:fd newfd:fd");
        SPECS.put("DUP3", "res:fd oldfd:fd newfd:fd flags:flags/open");
        SPECS.put("SOCKET", "fd:fd domain:flags/family type:number proto:number");
        SPECS.put("CONNECT", "res:errno tuple:tuple fd:fd addr:sockaddr");
        SPECS.put("ACCEPT", "fd:fd tuple:tuple queuepct:number queuelen:number queuemax:number");
        SPECS.put("ACCEPT4", "fd:fd tuple:tuple queuepct:number queuelen:number queuemax:number flags:number");
        SPECS.put("BIND", "res:errno addr:sockaddr fd:fd");
        SPECS.put("LISTEN", "fd:fd backlog:number res:errno");
        SPECS.put("SENDTO", "fd:fd size:number tuple:tuple data:text res:errno");
        SPECS.put("RECVFROM", "fd:fd size:number tuple:tuple data:text res:errno");
        SPECS.put("SENDMSG", "fd:fd size:number tuple:tuple data:text res:errno");
        SPECS.put("RECVMSG", "fd:fd size:number tuple:tuple data:text res:errno");
        SPECS.put("READ", "fd:fd size:number data:text res:errno");
        SPECS.put("WRITE", "fd:fd size:number data:text res:errno");
        SPECS.put("RENAME", "res:errno oldpath:path newpath:path");
        SPECS.put("RENAMEAT", "res:errno olddirfd:fd oldpath:path newdirfd:fd newpath:path");
        SPECS.put("RENAMEAT2", "res:errno olddirfd:fd oldpath:path newdirfd:fd newpath:path flags:number");
        SPECS.put("UNLINK", "res:errno path:path");
        SPECS.put("UNLINKAT", "res:errno dirfd:fd name:path flags:flags/at");
        SPECS.put("MKDIR", "res:errno path:path mode:mode");
        SPECS.put("MKDIRAT", "res:errno dirfd:fd path:path mode:mode");
        SPECS.put("RMDIR", "res:errno path:path");
        SPECS.put("SYMLINK", "res:errno target:path linkpath:path");
        SPECS.put("SYMLINKAT", "res:errno target:path linkdirfd:fd linkpath:path");
        SPECS.put("LINK", "res:errno oldpath:path newpath:path");
        SPECS.put("LINKAT", "res:errno olddir:fd oldpath:path newdir:fd newpath:path flags:flags/at");
        SPECS.put("CHMOD", "res:errno filename:path mode:mode");
        SPECS.put("FCHMOD", "res:errno fd:fd mode:mode");
        SPECS.put("FCHMODAT", "res:errno dirfd:fd filename:path mode:mode");
        SPECS.put("SETUID", "res:errno uid:uid");
        SPECS.put("SETGID", "res:errno gid:uid");
        SPECS.put("SETRESUID", "res:errno ruid:uid euid:uid suid:uid");
        SPECS.put("SETRESGID", "res:errno rgid:uid egid:uid sgid:uid");
        SPECS.put("PTRACE", "res:errno request:flags/ptrace pid:pid addr:number data:number");
        SPECS.put("MEMFD_CREATE", "fd:fd name:text flags:number");
        SPECS.put("INIT_MODULE", "res:errno length:number uargs:text");
        SPECS.put("FINIT_MODULE", "res:errno fd:fd uargs:text flags:number");
        SPECS.put("CHDIR", "res:errno path:path");
        SPECS.put("FCHDIR", "res:errno fd:fd");
        SPECS.put("MMAP", "res:number addr:number length:number prot:flags/prot flags:number fd:fd offset:number");
        SPECS.put("MPROTECT", "res:errno addr:number length:number prot:flags/prot");
        SPECS.put("PIPE", "res:errno fd1:fd fd2:fd ino:number");
        SPECS.put("PIPE2", "res:errno fd1:fd fd2:fd ino:number flags:flags/open");
        SPECS.put("SOCKETPAIR", "res:errno fd1:fd fd2:fd domain:flags/family type:number proto:number");
        SPECS.put("EVENTFD", "res:fd initval:number flags:number");
        SPECS.put("EVENTFD2", "res:fd initval:number flags:number");
        SPECS.put("SIGNALFD", "res:fd fd:fd mask:number");
        SPECS.put("SIGNALFD4", "res:fd fd:fd mask:number flags:number");
        SPECS.put("EPOLL_CREATE", "res:fd size:number");
        SPECS.put("EPOLL_CREATE1", "res:fd flags:number");
        SPECS.put("INOTIFY_INIT", "res:fd flags:number");
        SPECS.put("INOTIFY_INIT1", "res:fd flags:number");
        SPECS.put("TIMERFD_CREATE", "res:fd clockid:number flags:number");
        SPECS.put("FCNTL", "res:fd fd:fd cmd:number");
        SPECS.put("SETSID", "res:pid");
        SPECS.put("SETPGID", "res:errno pid:pid pgid:pid");
        SPECS.put("KILL", "res:errno pid:pid sig:number");
        SPECS.put("MOUNT", "res:errno dev:path dir:path type:text flags:number");
        SPECS.put("UMOUNT2", "res:errno name:path flags:number");
        SPECS.put("SETNS", "res:errno fd:fd nstype:number");
        SPECS.put("UNSHARE", "res:errno flags:flags/clone");
        SPECS.put("BPF", "res:fd cmd:number");
        SPECS.put("SENDFILE", "res:errno out_fd:fd in_fd:fd offset:number size:number");
        SPECS.put("PREAD64", "fd:fd size:number pos:number data:text res:errno");
        SPECS.put("PWRITE64", "fd:fd size:number pos:number data:text res:errno");
        SPECS.put("READV", "fd:fd size:number data:text res:errno");
        SPECS.put("WRITEV", "fd:fd size:number data:text res:errno");
        SPECS.put("RECV", "fd:fd size:number data:text res:errno");
        SPECS.put("SEND", "fd:fd size:number data:text res:errno");
        SPECS.put("SHUTDOWN", "res:errno fd:fd how:number");
        SPECS.put("CAPSET", "res:errno cap_inheritable:text cap_permitted:text cap_effective:text");
        SPECS.put("PRCTL", "res:errno option:number arg2_str:text arg2_int:number");
        SPECS.put("CHROOT", "res:errno path:path");
        SPECS.put("FCHOWN", "res:errno fd:fd uid:number gid:number");
        SPECS.put("CHOWN", "res:errno path:path uid:number gid:number");
        SPECS.put("SETREUID", "res:errno ruid:uid euid:uid");
        SPECS.put("SETREGID", "res:errno rgid:uid egid:uid");
        SPECS.put("SIGNALDELIVER", "spid:pid dpid:pid sig:number");
        SPECS.put("PAGE_FAULT", "addr:number ip:number error:number");
        SPECS.put("PREAD", "fd:fd size:number pos:number data:text res:errno");
        SPECS.put("PWRITE", "fd:fd size:number pos:number data:text res:errno");
    }

    private EventParamSchemas() {
    }

    /** The parameters of the type whose enum constant is named {@code constant}, in slot order. */
    static List<EventParam> paramsOf(String constant) {
        String spec = SPECS.getOrDefault(constant, "");
        List<EventParam> list = new ArrayList<>();
        if (!spec.isEmpty()) {
            for (String item : spec.split(" ")) {
                int colon = item.indexOf(':');
                String name = item.substring(0, colon);
                String kind = item.substring(colon + 1);
                FlagTable table = null;
                ParamKind k;
                if (kind.startsWith("flags/")) {
                    k = ParamKind.FLAGS;
                    table = FlagTable.named(kind.substring(6));
                } else {
                    k = ParamKind.valueOf(kind.toUpperCase(Locale.ROOT));
                }
                list.add(new EventParam(name, list.size(), k, table));
            }
        }
        if (list.size() > Event.MAX_PARAMS) {
            throw new IllegalStateException(constant + " has more than " + Event.MAX_PARAMS + " parameters");
        }
        return Collections.unmodifiableList(list);
    }
}
