package dev.kestrel.core.event;

import dev.kestrel.core.text.NameSuggester;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event types Kestrel knows, named as Falco names them in {@code evt.type}: every syscall name
 * of libs' syscall table plus the event names of its event table ({@code procexit}, {@code switch},
 * {@code signaldeliver}...), so any {@code evt.type} a Falco rule may compare with is known. A few
 * Kestrel record types (process snapshot, container and pod metadata) follow; rules cannot name
 * them. The ordinal is the index of the engine's event-type buckets.
 *
 * <p>Each type has a parameter schema (kept in {@link EventParamSchemas}): the parameters Falco's
 * rules read, named as Falco names them, each with the {@link Event} slot it is stored in.
 */
public enum EventType {
    CLONE("clone", Category.PROCESS),
    CLONE3("clone3", Category.PROCESS),
    FORK("fork", Category.PROCESS),
    VFORK("vfork", Category.PROCESS),
    EXECVE("execve", Category.PROCESS),
    EXECVEAT("execveat", Category.PROCESS),
    PROCEXIT("procexit", Category.PROCESS),
    OPEN("open", Category.FILE),
    OPENAT("openat", Category.FILE),
    OPENAT2("openat2", Category.FILE),
    CREAT("creat", Category.FILE),
    CLOSE("close", Category.IO_OTHER),
    DUP("dup", Category.IO_OTHER),
    DUP2("dup2", Category.IO_OTHER),
    DUP3("dup3", Category.IO_OTHER),
    SOCKET("socket", Category.NET),
    CONNECT("connect", Category.NET),
    ACCEPT("accept", Category.NET),
    ACCEPT4("accept4", Category.NET),
    BIND("bind", Category.NET),
    LISTEN("listen", Category.NET),
    SENDTO("sendto", Category.IO_WRITE),
    RECVFROM("recvfrom", Category.IO_READ),
    SENDMSG("sendmsg", Category.IO_WRITE),
    RECVMSG("recvmsg", Category.IO_READ),
    READ("read", Category.IO_READ),
    WRITE("write", Category.IO_WRITE),
    RENAME("rename", Category.FILE),
    RENAMEAT("renameat", Category.FILE),
    RENAMEAT2("renameat2", Category.FILE),
    UNLINK("unlink", Category.FILE),
    UNLINKAT("unlinkat", Category.FILE),
    MKDIR("mkdir", Category.FILE),
    MKDIRAT("mkdirat", Category.FILE),
    RMDIR("rmdir", Category.FILE),
    SYMLINK("symlink", Category.FILE),
    SYMLINKAT("symlinkat", Category.FILE),
    LINK("link", Category.FILE),
    LINKAT("linkat", Category.FILE),
    CHMOD("chmod", Category.FILE),
    FCHMOD("fchmod", Category.FILE),
    FCHMODAT("fchmodat", Category.FILE),
    SETUID("setuid", Category.USER),
    SETGID("setgid", Category.USER),
    SETRESUID("setresuid", Category.USER),
    SETRESGID("setresgid", Category.USER),
    PTRACE("ptrace", Category.PROCESS),
    MEMFD_CREATE("memfd_create", Category.MEMORY),
    INIT_MODULE("init_module", Category.SYSTEM),
    FINIT_MODULE("finit_module", Category.SYSTEM),
    CHDIR("chdir", Category.FILE),
    FCHDIR("fchdir", Category.FILE),
    MMAP("mmap", Category.MEMORY),
    MPROTECT("mprotect", Category.MEMORY),
    PIPE("pipe", Category.IPC),
    PIPE2("pipe2", Category.IPC),
    SOCKETPAIR("socketpair", Category.IPC),
    EVENTFD("eventfd", Category.IPC),
    EVENTFD2("eventfd2", Category.IPC),
    SIGNALFD("signalfd", Category.SIGNAL),
    SIGNALFD4("signalfd4", Category.SIGNAL),
    EPOLL_CREATE("epoll_create", Category.WAIT),
    EPOLL_CREATE1("epoll_create1", Category.WAIT),
    INOTIFY_INIT("inotify_init", Category.IPC),
    INOTIFY_INIT1("inotify_init1", Category.IPC),
    TIMERFD_CREATE("timerfd_create", Category.TIME),
    FCNTL("fcntl", Category.IO_OTHER),
    SETSID("setsid", Category.PROCESS),
    SETPGID("setpgid", Category.PROCESS),
    KILL("kill", Category.SIGNAL),
    MOUNT("mount", Category.FILE),
    UMOUNT2("umount2", Category.FILE),
    SETNS("setns", Category.PROCESS),
    UNSHARE("unshare", Category.PROCESS),
    BPF("bpf", Category.SYSTEM),
    SENDFILE("sendfile", Category.IO_WRITE),
    PREAD64("pread64", Category.IO_READ),
    PWRITE64("pwrite64", Category.IO_WRITE),
    READV("readv", Category.IO_READ),
    WRITEV("writev", Category.IO_WRITE),
    RECV("recv", Category.IO_READ),
    SEND("send", Category.IO_WRITE),
    SHUTDOWN("shutdown", Category.NET),
    CAPSET("capset", Category.PROCESS),
    PRCTL("prctl", Category.PROCESS),
    CHROOT("chroot", Category.FILE),
    FCHOWN("fchown", Category.FILE),
    CHOWN("chown", Category.FILE),
    SETREUID("setreuid", Category.USER),
    SETREGID("setregid", Category.USER),
    _LLSEEK("_llseek", Category.OTHER),
    _NEWSELECT("_newselect", Category.OTHER),
    _SYSCTL("_sysctl", Category.OTHER),
    ACCESS("access", Category.OTHER),
    ACCT("acct", Category.OTHER),
    ADD_KEY("add_key", Category.OTHER),
    ADJTIMEX("adjtimex", Category.OTHER),
    ALARM("alarm", Category.OTHER),
    ARCH_PRCTL("arch_prctl", Category.OTHER),
    BDFLUSH("bdflush", Category.OTHER),
    BRK("brk", Category.OTHER),
    CAPGET("capget", Category.OTHER),
    CLOCK_ADJTIME("clock_adjtime", Category.OTHER),
    CLOCK_GETRES("clock_getres", Category.OTHER),
    CLOCK_GETTIME("clock_gettime", Category.OTHER),
    CLOCK_NANOSLEEP("clock_nanosleep", Category.OTHER),
    CLOCK_SETTIME("clock_settime", Category.OTHER),
    CLOSE_RANGE("close_range", Category.OTHER),
    COPY_FILE_RANGE("copy_file_range", Category.OTHER),
    CREATE_MODULE("create_module", Category.OTHER),
    DELETE_MODULE("delete_module", Category.OTHER),
    EPOLL_CTL("epoll_ctl", Category.OTHER),
    EPOLL_CTL_OLD("epoll_ctl_old", Category.OTHER),
    EPOLL_PWAIT("epoll_pwait", Category.OTHER),
    EPOLL_PWAIT2("epoll_pwait2", Category.OTHER),
    EPOLL_WAIT("epoll_wait", Category.OTHER),
    EPOLL_WAIT_OLD("epoll_wait_old", Category.OTHER),
    EXIT("exit", Category.OTHER),
    EXIT_GROUP("exit_group", Category.OTHER),
    FACCESSAT("faccessat", Category.OTHER),
    FACCESSAT2("faccessat2", Category.OTHER),
    FADVISE64("fadvise64", Category.OTHER),
    FALLOCATE("fallocate", Category.OTHER),
    FANOTIFY_INIT("fanotify_init", Category.OTHER),
    FANOTIFY_MARK("fanotify_mark", Category.OTHER),
    FCHOWNAT("fchownat", Category.OTHER),
    FCNTL64("fcntl64", Category.OTHER),
    FDATASYNC("fdatasync", Category.OTHER),
    FGETXATTR("fgetxattr", Category.OTHER),
    FLISTXATTR("flistxattr", Category.OTHER),
    FLOCK("flock", Category.OTHER),
    FREMOVEXATTR("fremovexattr", Category.OTHER),
    FSCONFIG("fsconfig", Category.OTHER),
    FSETXATTR("fsetxattr", Category.OTHER),
    FSMOUNT("fsmount", Category.OTHER),
    FSOPEN("fsopen", Category.OTHER),
    FSPICK("fspick", Category.OTHER),
    FSTAT("fstat", Category.OTHER),
    FSTAT64("fstat64", Category.OTHER),
    FSTATAT64("fstatat64", Category.OTHER),
    FSTATFS("fstatfs", Category.OTHER),
    FSTATFS64("fstatfs64", Category.OTHER),
    FSYNC("fsync", Category.OTHER),
    FTRUNCATE("ftruncate", Category.OTHER),
    FUTEX("futex", Category.OTHER),
    FUTEX_WAITV("futex_waitv", Category.OTHER),
    FUTIMESAT("futimesat", Category.OTHER),
    GET_KERNEL_SYMS("get_kernel_syms", Category.OTHER),
    GET_MEMPOLICY("get_mempolicy", Category.OTHER),
    GET_ROBUST_LIST("get_robust_list", Category.OTHER),
    GET_THREAD_AREA("get_thread_area", Category.OTHER),
    GETCPU("getcpu", Category.OTHER),
    GETCWD("getcwd", Category.OTHER),
    GETDENTS("getdents", Category.OTHER),
    GETDENTS64("getdents64", Category.OTHER),
    GETEGID("getegid", Category.OTHER),
    GETEGID32("getegid32", Category.OTHER),
    GETEUID("geteuid", Category.OTHER),
    GETEUID32("geteuid32", Category.OTHER),
    GETGID("getgid", Category.OTHER),
    GETGID32("getgid32", Category.OTHER),
    GETGROUPS("getgroups", Category.OTHER),
    GETITIMER("getitimer", Category.OTHER),
    GETPEERNAME("getpeername", Category.OTHER),
    GETPGID("getpgid", Category.OTHER),
    GETPGRP("getpgrp", Category.OTHER),
    GETPID("getpid", Category.OTHER),
    GETPMSG("getpmsg", Category.OTHER),
    GETPPID("getppid", Category.OTHER),
    GETPRIORITY("getpriority", Category.OTHER),
    GETRANDOM("getrandom", Category.OTHER),
    GETRESGID("getresgid", Category.OTHER),
    GETRESGID32("getresgid32", Category.OTHER),
    GETRESUID("getresuid", Category.OTHER),
    GETRESUID32("getresuid32", Category.OTHER),
    GETRLIMIT("getrlimit", Category.OTHER),
    GETRUSAGE("getrusage", Category.OTHER),
    GETSID("getsid", Category.OTHER),
    GETSOCKNAME("getsockname", Category.OTHER),
    GETSOCKOPT("getsockopt", Category.OTHER),
    GETTID("gettid", Category.OTHER),
    GETTIMEOFDAY("gettimeofday", Category.OTHER),
    GETUID("getuid", Category.OTHER),
    GETUID32("getuid32", Category.OTHER),
    GETXATTR("getxattr", Category.OTHER),
    INOTIFY_ADD_WATCH("inotify_add_watch", Category.OTHER),
    INOTIFY_RM_WATCH("inotify_rm_watch", Category.OTHER),
    IO_CANCEL("io_cancel", Category.OTHER),
    IO_DESTROY("io_destroy", Category.OTHER),
    IO_GETEVENTS("io_getevents", Category.OTHER),
    IO_PGETEVENTS("io_pgetevents", Category.OTHER),
    IO_SETUP("io_setup", Category.OTHER),
    IO_SUBMIT("io_submit", Category.OTHER),
    IO_URING_ENTER("io_uring_enter", Category.OTHER),
    IO_URING_REGISTER("io_uring_register", Category.OTHER),
    IO_URING_SETUP("io_uring_setup", Category.OTHER),
    IOCTL("ioctl", Category.OTHER),
    IOPERM("ioperm", Category.OTHER),
    IOPL("iopl", Category.OTHER),
    IOPRIO_GET("ioprio_get", Category.OTHER),
    IOPRIO_SET("ioprio_set", Category.OTHER),
    IPC("ipc", Category.OTHER),
    KCMP("kcmp", Category.OTHER),
    KEXEC_FILE_LOAD("kexec_file_load", Category.OTHER),
    KEXEC_LOAD("kexec_load", Category.OTHER),
    KEYCTL("keyctl", Category.OTHER),
    LANDLOCK_ADD_RULE("landlock_add_rule", Category.OTHER),
    LANDLOCK_CREATE_RULESET("landlock_create_ruleset", Category.OTHER),
    LANDLOCK_RESTRICT_SELF("landlock_restrict_self", Category.OTHER),
    LCHOWN("lchown", Category.OTHER),
    LGETXATTR("lgetxattr", Category.OTHER),
    LISTXATTR("listxattr", Category.OTHER),
    LLISTXATTR("llistxattr", Category.OTHER),
    LOOKUP_DCOOKIE("lookup_dcookie", Category.OTHER),
    LREMOVEXATTR("lremovexattr", Category.OTHER),
    LSEEK("lseek", Category.OTHER),
    LSETXATTR("lsetxattr", Category.OTHER),
    LSTAT("lstat", Category.OTHER),
    LSTAT64("lstat64", Category.OTHER),
    MADVISE("madvise", Category.OTHER),
    MBIND("mbind", Category.OTHER),
    MEMBARRIER("membarrier", Category.OTHER),
    MEMFD_SECRET("memfd_secret", Category.OTHER),
    MIGRATE_PAGES("migrate_pages", Category.OTHER),
    MINCORE("mincore", Category.OTHER),
    MKNOD("mknod", Category.OTHER),
    MKNODAT("mknodat", Category.OTHER),
    MLOCK("mlock", Category.OTHER),
    MLOCK2("mlock2", Category.OTHER),
    MLOCKALL("mlockall", Category.OTHER),
    MMAP2("mmap2", Category.OTHER),
    MODIFY_LDT("modify_ldt", Category.OTHER),
    MOUNT_SETATTR("mount_setattr", Category.OTHER),
    MOVE_MOUNT("move_mount", Category.OTHER),
    MOVE_PAGES("move_pages", Category.OTHER),
    MQ_GETSETATTR("mq_getsetattr", Category.OTHER),
    MQ_NOTIFY("mq_notify", Category.OTHER),
    MQ_OPEN("mq_open", Category.OTHER),
    MQ_TIMEDRECEIVE("mq_timedreceive", Category.OTHER),
    MQ_TIMEDSEND("mq_timedsend", Category.OTHER),
    MQ_UNLINK("mq_unlink", Category.OTHER),
    MREMAP("mremap", Category.OTHER),
    MSGCTL("msgctl", Category.OTHER),
    MSGGET("msgget", Category.OTHER),
    MSGRCV("msgrcv", Category.OTHER),
    MSGSND("msgsnd", Category.OTHER),
    MSYNC("msync", Category.OTHER),
    MUNLOCK("munlock", Category.OTHER),
    MUNLOCKALL("munlockall", Category.OTHER),
    MUNMAP("munmap", Category.OTHER),
    NAME_TO_HANDLE_AT("name_to_handle_at", Category.OTHER),
    NANOSLEEP("nanosleep", Category.OTHER),
    NEWFSTATAT("newfstatat", Category.OTHER),
    NFSSERVCTL("nfsservctl", Category.OTHER),
    NICE("nice", Category.OTHER),
    OLDUNAME("olduname", Category.OTHER),
    OPEN_BY_HANDLE_AT("open_by_handle_at", Category.OTHER),
    OPEN_TREE("open_tree", Category.OTHER),
    PAGE_FAULT_KERNEL("page_fault_kernel", Category.OTHER),
    PAGE_FAULT_USER("page_fault_user", Category.OTHER),
    PAUSE("pause", Category.OTHER),
    PERF_EVENT_OPEN("perf_event_open", Category.OTHER),
    PERSONALITY("personality", Category.OTHER),
    PIDFD_GETFD("pidfd_getfd", Category.OTHER),
    PIDFD_OPEN("pidfd_open", Category.OTHER),
    PIDFD_SEND_SIGNAL("pidfd_send_signal", Category.OTHER),
    PIVOT_ROOT("pivot_root", Category.OTHER),
    PKEY_ALLOC("pkey_alloc", Category.OTHER),
    PKEY_FREE("pkey_free", Category.OTHER),
    PKEY_MPROTECT("pkey_mprotect", Category.OTHER),
    POLL("poll", Category.OTHER),
    PPOLL("ppoll", Category.OTHER),
    PREADV("preadv", Category.OTHER),
    PREADV2("preadv2", Category.OTHER),
    PRLIMIT64("prlimit64", Category.OTHER),
    PROCESS_MADVISE("process_madvise", Category.OTHER),
    PROCESS_MRELEASE("process_mrelease", Category.OTHER),
    PROCESS_VM_READV("process_vm_readv", Category.OTHER),
    PROCESS_VM_WRITEV("process_vm_writev", Category.OTHER),
    PSELECT6("pselect6", Category.OTHER),
    PWRITEV("pwritev", Category.OTHER),
    PWRITEV2("pwritev2", Category.OTHER),
    QUERY_MODULE("query_module", Category.OTHER),
    QUOTACTL("quotactl", Category.OTHER),
    QUOTACTL_FD("quotactl_fd", Category.OTHER),
    READAHEAD("readahead", Category.OTHER),
    READLINK("readlink", Category.OTHER),
    READLINKAT("readlinkat", Category.OTHER),
    REBOOT("reboot", Category.OTHER),
    RECVMMSG("recvmmsg", Category.OTHER),
    REMAP_FILE_PAGES("remap_file_pages", Category.OTHER),
    REMOVEXATTR("removexattr", Category.OTHER),
    REQUEST_KEY("request_key", Category.OTHER),
    RESTART_SYSCALL("restart_syscall", Category.OTHER),
    RSEQ("rseq", Category.OTHER),
    RT_SIGACTION("rt_sigaction", Category.OTHER),
    RT_SIGPENDING("rt_sigpending", Category.OTHER),
    RT_SIGPROCMASK("rt_sigprocmask", Category.OTHER),
    RT_SIGQUEUEINFO("rt_sigqueueinfo", Category.OTHER),
    RT_SIGRETURN("rt_sigreturn", Category.OTHER),
    RT_SIGSUSPEND("rt_sigsuspend", Category.OTHER),
    RT_SIGTIMEDWAIT("rt_sigtimedwait", Category.OTHER),
    RT_TGSIGQUEUEINFO("rt_tgsigqueueinfo", Category.OTHER),
    SCHED_GET_PRIORITY_MAX("sched_get_priority_max", Category.OTHER),
    SCHED_GET_PRIORITY_MIN("sched_get_priority_min", Category.OTHER),
    SCHED_GETAFFINITY("sched_getaffinity", Category.OTHER),
    SCHED_GETATTR("sched_getattr", Category.OTHER),
    SCHED_GETPARAM("sched_getparam", Category.OTHER),
    SCHED_GETSCHEDULER("sched_getscheduler", Category.OTHER),
    SCHED_PROCESS_EXIT("sched_process_exit", Category.OTHER),
    SCHED_RR_GET_INTERVAL("sched_rr_get_interval", Category.OTHER),
    SCHED_SETAFFINITY("sched_setaffinity", Category.OTHER),
    SCHED_SETATTR("sched_setattr", Category.OTHER),
    SCHED_SETPARAM("sched_setparam", Category.OTHER),
    SCHED_SETSCHEDULER("sched_setscheduler", Category.OTHER),
    SCHED_SWITCH("sched_switch", Category.OTHER),
    SCHED_YIELD("sched_yield", Category.OTHER),
    SECCOMP("seccomp", Category.OTHER),
    SELECT("select", Category.OTHER),
    SEMCTL("semctl", Category.OTHER),
    SEMGET("semget", Category.OTHER),
    SEMOP("semop", Category.OTHER),
    SEMTIMEDOP("semtimedop", Category.OTHER),
    SENDFILE64("sendfile64", Category.OTHER),
    SENDMMSG("sendmmsg", Category.OTHER),
    SET_MEMPOLICY("set_mempolicy", Category.OTHER),
    SET_MEMPOLICY_HOME_NODE("set_mempolicy_home_node", Category.OTHER),
    SET_ROBUST_LIST("set_robust_list", Category.OTHER),
    SET_THREAD_AREA("set_thread_area", Category.OTHER),
    SET_TID_ADDRESS("set_tid_address", Category.OTHER),
    SETDOMAINNAME("setdomainname", Category.OTHER),
    SETFSGID("setfsgid", Category.OTHER),
    SETFSUID("setfsuid", Category.OTHER),
    SETGID32("setgid32", Category.OTHER),
    SETGROUPS("setgroups", Category.OTHER),
    SETHOSTNAME("sethostname", Category.OTHER),
    SETITIMER("setitimer", Category.OTHER),
    SETPRIORITY("setpriority", Category.OTHER),
    SETRESGID32("setresgid32", Category.OTHER),
    SETRESUID32("setresuid32", Category.OTHER),
    SETRLIMIT("setrlimit", Category.OTHER),
    SETSOCKOPT("setsockopt", Category.OTHER),
    SETTIMEOFDAY("settimeofday", Category.OTHER),
    SETUID32("setuid32", Category.OTHER),
    SETXATTR("setxattr", Category.OTHER),
    SGETMASK("sgetmask", Category.OTHER),
    SHMAT("shmat", Category.OTHER),
    SHMCTL("shmctl", Category.OTHER),
    SHMDT("shmdt", Category.OTHER),
    SHMGET("shmget", Category.OTHER),
    SIGALTSTACK("sigaltstack", Category.OTHER),
    SIGNAL("signal", Category.OTHER),
    SIGNAL_DELIVER("signal_deliver", Category.OTHER),
    SIGPENDING("sigpending", Category.OTHER),
    SIGPROCMASK("sigprocmask", Category.OTHER),
    SOCKETCALL("socketcall", Category.OTHER),
    SPLICE("splice", Category.OTHER),
    SSETMASK("ssetmask", Category.OTHER),
    STAT("stat", Category.OTHER),
    STAT64("stat64", Category.OTHER),
    STATFS("statfs", Category.OTHER),
    STATFS64("statfs64", Category.OTHER),
    STATX("statx", Category.OTHER),
    STIME("stime", Category.OTHER),
    SWAPOFF("swapoff", Category.OTHER),
    SWAPON("swapon", Category.OTHER),
    SYNC("sync", Category.OTHER),
    SYNC_FILE_RANGE("sync_file_range", Category.OTHER),
    SYNCFS("syncfs", Category.OTHER),
    SYSFS("sysfs", Category.OTHER),
    SYSINFO("sysinfo", Category.OTHER),
    SYSLOG("syslog", Category.OTHER),
    TEE("tee", Category.OTHER),
    TGKILL("tgkill", Category.OTHER),
    TIME("time", Category.OTHER),
    TIMER_CREATE("timer_create", Category.OTHER),
    TIMER_DELETE("timer_delete", Category.OTHER),
    TIMER_GETOVERRUN("timer_getoverrun", Category.OTHER),
    TIMER_GETTIME("timer_gettime", Category.OTHER),
    TIMER_SETTIME("timer_settime", Category.OTHER),
    TIMERFD_GETTIME("timerfd_gettime", Category.OTHER),
    TIMERFD_SETTIME("timerfd_settime", Category.OTHER),
    TIMES("times", Category.OTHER),
    TKILL("tkill", Category.OTHER),
    TRUNCATE("truncate", Category.OTHER),
    UGETRLIMIT("ugetrlimit", Category.OTHER),
    UMASK("umask", Category.OTHER),
    UMOUNT("umount", Category.OTHER),
    UNAME("uname", Category.OTHER),
    USELIB("uselib", Category.OTHER),
    USERFAULTFD("userfaultfd", Category.OTHER),
    USTAT("ustat", Category.OTHER),
    UTIME("utime", Category.OTHER),
    UTIMENSAT("utimensat", Category.OTHER),
    UTIMES("utimes", Category.OTHER),
    VHANGUP("vhangup", Category.OTHER),
    VMSPLICE("vmsplice", Category.OTHER),
    WAIT4("wait4", Category.OTHER),
    WAITID("waitid", Category.OTHER),
    WAITPID("waitpid", Category.OTHER),
    SWITCH("switch", Category.SCHEDULER),
    SIGNALDELIVER("signaldeliver", Category.SIGNAL),
    PAGE_FAULT("page_fault", Category.MEMORY),
    PROCINFO("procinfo", Category.OTHER),
    CONTAINER("container", Category.INTERNAL),
    CPU_HOTPLUG("cpu_hotplug", Category.SYSTEM),
    DROP("drop", Category.INTERNAL),
    NOTIFICATION("notification", Category.OTHER),
    INFRA("infra", Category.INTERNAL),
    K8S("k8s", Category.INTERNAL),
    TRACER("tracer", Category.OTHER),
    MESOS("mesos", Category.INTERNAL),
    PLUGINEVENT("pluginevent", Category.PLUGIN),
    ASYNCEVENT("asyncevent", Category.INTERNAL),
    SYSDIGEVENT("sysdigevent", Category.INTERNAL),
    USER_ADDED("user_added", Category.INTERNAL),
    USER_DELETED("user_deleted", Category.INTERNAL),
    GROUP_ADDED("group_added", Category.INTERNAL),
    GROUP_DELETED("group_deleted", Category.INTERNAL),
    PREAD("pread", Category.IO_READ),
    PWRITE("pwrite", Category.IO_WRITE),
    LLSEEK("llseek", Category.FILE),
    PRLIMIT("prlimit", Category.PROCESS),
    SYSCALL("syscall", Category.OTHER),
    /** Kestrel record: a process seen in /proc when the sensor started ({@link Event#process()}). */
    PROCESS_SNAPSHOT(null, Category.INTERNAL),
    /** Kestrel record: an fd a process had open when a capture started ({@link Event#fdSnapshot()}). */
    FD_SNAPSHOT(null, Category.INTERNAL),
    /** Kestrel record: container metadata ({@link Event#container()}). */
    CONTAINER_METADATA(null, Category.INTERNAL),
    /** Kestrel record: pod metadata ({@link Event#pod()}). */
    POD_METADATA(null, Category.INTERNAL),
    /** Kestrel record: a user account ({@link Event#user()}). */
    USER_METADATA(null, Category.INTERNAL),
    /** Kestrel record: a group ({@link Event#group()}). */
    GROUP_METADATA(null, Category.INTERNAL),
    /** Kestrel record: a host name for an address ({@link Event#host()}). */
    HOST_ENTRY(null, Category.INTERNAL);

    /** Falco's event categories (printed lower case by {@code evt.category}). */
    public enum Category {
        FILE, NET, IPC, MEMORY, PROCESS, SLEEP, SYSTEM, SIGNAL, USER, TIME, IO_READ, IO_WRITE, IO_OTHER, WAIT,
        SCHEDULER, INTERNAL, PLUGIN, OTHER;

        /** The category as Falco prints it. */
        public String text() {
            return switch (this) {
                case IO_READ, IO_WRITE, IO_OTHER -> "io";
                default -> name().toLowerCase(Locale.ROOT);
            };
        }
    }

    private static final Map<String, EventType> BY_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            if (t.falcoName != null) {
                BY_NAME.putIfAbsent(t.falcoName, t);
            }
        }
    }

    private final String falcoName;
    private final Category category;
    private final List<EventParam> params;
    private final Map<String, EventParam> paramsByName;

    EventType(String falcoName, Category category) {
        this.falcoName = falcoName;
        this.category = category;
        this.params = EventParamSchemas.paramsOf(name());
        Map<String, EventParam> byName = new HashMap<>();
        for (EventParam p : params) {
            byName.put(p.name(), p);
        }
        this.paramsByName = Map.copyOf(byName);
    }

    /** The name as written in conditions, e.g. {@code openat}; null for Kestrel record types. */
    public String falcoName() {
        return falcoName;
    }

    /** True for Kestrel record types that carry state, not a syscall; rules never see them. */
    public boolean internal() {
        return falcoName == null;
    }

    public Category category() {
        return category;
    }

    /** The parameters of this type, in slot order. */
    public List<EventParam> params() {
        return params;
    }

    /** The parameter named {@code name}, or null. */
    public EventParam param(String name) {
        return paramsByName.get(name);
    }

    /**
     * The slot of the parameter named {@code name}; look it up once and keep it.
     *
     * @throws IllegalArgumentException when this type has no such parameter (the message lists the
     *                                  type's parameters and suggests the nearest name)
     */
    public int slot(String name) {
        EventParam p = paramsByName.get(name);
        if (p == null) {
            throw new IllegalArgumentException(noSuchParameter(name));
        }
        return p.slot();
    }

    /** The slot of the parameter named {@code name}, or -1 when this type has no such parameter. */
    public int slotIfPresent(String name) {
        EventParam p = paramsByName.get(name);
        return p == null ? -1 : p.slot();
    }

    /** The sentence for a parameter name this type does not have. */
    String noSuchParameter(String name) {
        List<String> names = params().stream().map(EventParam::name).toList();
        String hint = NameSuggester.nearest(name, names).map(n -> "; did you mean '" + n + "'?").orElse("");
        return "event type " + falcoName() + " has no parameter '" + name + "'" + hint + " (its parameters: "
                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")";
    }

    /** True for the process-creating calls (clone, clone3, fork, vfork). */
    public boolean isClone() {
        return this == CLONE || this == CLONE3 || this == FORK || this == VFORK;
    }

    /** True for execve and execveat. */
    public boolean isExec() {
        return this == EXECVE || this == EXECVEAT;
    }

    /** True for the open family (open, openat, openat2, creat). */
    public boolean isOpen() {
        return this == OPEN || this == OPENAT || this == OPENAT2 || this == CREAT;
    }

    /** The type named {@code name}, or null when Falco knows no such event. */
    public static EventType fromName(String name) {
        return BY_NAME.get(name);
    }

    /**
     * Whether {@code evt.rawarg.NAME} reads a number (compared signed, as libsinsp compares errno, fd and
     * pid parameters): a parameter whose first declaration is numeric, or the return value {@code res}.
     */
    public static boolean isNumericParam(String name) {
        for (EventType t : values()) {
            EventParam p = t.param(name);
            if (p != null) {
                return p.kind().numeric();
            }
        }
        return name.equals("res");
    }

    /** Every name {@code evt.type} may be compared with. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }
}
