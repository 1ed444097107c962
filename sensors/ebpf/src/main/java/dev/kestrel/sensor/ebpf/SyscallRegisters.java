package dev.kestrel.sensor.ebpf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a system call's arguments when it returns, from the user registers the kernel saved when it
 * entered (x86-64's {@code struct pt_regs}, at the top of the thread's kernel stack). One program on
 * the call's exit then does what an entry program, a map and an exit program did. Immutable.
 *
 * <p>The registers are looked for where x86-64 kernels put them: below the top of a 16 or 32 KiB stack,
 * with or without FRED's 16 bytes of padding. A place is taken only when it holds the call's own number
 * ({@code orig_ax}) and user mode's code segment ({@code cs}). A call whose registers are found nowhere
 * is not printed but counted, in {@code R|cpu|count} lines.
 */
final class SyscallRegisters {

    /** Where x86-64 passes a system call's arguments, in order. */
    private static final String[] ARGUMENT_REGISTERS = {"di", "si", "dx", "r10", "r8", "r9"};

    /** sizeof(struct pt_regs) on x86-64. */
    private static final int PT_REGS_BYTES = 168;

    /** Stack sizes (16 KiB; 32 KiB with KASAN) less the padding above pt_regs (none; 16 bytes with FRED). */
    private static final int[] STACK_TOPS = {16_384, 16_384 - 16, 32_768, 32_768 - 16};

    /** The code segment of 64-bit user mode (__USER_CS). */
    private static final String USER_CS = "0x33";

    /**
     * x86-64 call numbers and the kernel's parameter lists (as the {@code sys_enter_*} tracepoints name
     * and type them; init_module and finit_module from their SYSCALL_DEFINE, since some kernels have
     * no tracepoint for them).
     */
    private static final String[] SIGNATURES = {
        "2 open(const char *filename, int flags, umode_t mode)",
        "257 openat(int dfd, const char *filename, int flags, umode_t mode)",
        "437 openat2(int dfd, const char *filename, struct open_how *how, size_t usize)",
        "85 creat(const char *pathname, umode_t mode)",
        "3 close(unsigned int fd)",
        "32 dup(unsigned int fildes)",
        "33 dup2(unsigned int oldfd, unsigned int newfd)",
        "292 dup3(unsigned int oldfd, unsigned int newfd, int flags)",
        "41 socket(int family, int type, int protocol)",
        "50 listen(int fd, int backlog)",
        "22 pipe(int *fildes)",
        "293 pipe2(int *fildes, int flags)",
        "53 socketpair(int family, int type, int protocol, int *usockvec)",
        "82 rename(const char *oldname, const char *newname)",
        "264 renameat(int olddfd, const char *oldname, int newdfd, const char *newname)",
        "316 renameat2(int olddfd, const char *oldname, int newdfd, const char *newname, unsigned int flags)",
        "87 unlink(const char *pathname)",
        "263 unlinkat(int dfd, const char *pathname, int flag)",
        "83 mkdir(const char *pathname, umode_t mode)",
        "258 mkdirat(int dfd, const char *pathname, umode_t mode)",
        "84 rmdir(const char *pathname)",
        "88 symlink(const char *oldname, const char *newname)",
        "266 symlinkat(const char *oldname, int newdfd, const char *newname)",
        "86 link(const char *oldname, const char *newname)",
        "265 linkat(int olddfd, const char *oldname, int newdfd, const char *newname, int flags)",
        "90 chmod(const char *filename, umode_t mode)",
        "91 fchmod(unsigned int fd, umode_t mode)",
        "268 fchmodat(int dfd, const char *filename, umode_t mode)",
        "80 chdir(const char *filename)",
        "81 fchdir(unsigned int fd)",
        "105 setuid(uid_t uid)",
        "106 setgid(gid_t gid)",
        "113 setreuid(uid_t ruid, uid_t euid)",
        "114 setregid(gid_t rgid, gid_t egid)",
        "117 setresuid(uid_t ruid, uid_t euid, uid_t suid)",
        "119 setresgid(gid_t rgid, gid_t egid, gid_t sgid)",
        "112 setsid()",
        "109 setpgid(pid_t pid, pid_t pgid)",
        "308 setns(int fd, int flags)",
        "272 unshare(unsigned long unshare_flags)",
        "101 ptrace(long request, long pid, unsigned long addr, unsigned long data)",
        "165 mount(char *dev_name, char *dir_name, char *type, unsigned long flags, void *data)",
        "319 memfd_create(const char *uname, unsigned int flags)",
        "321 bpf(int cmd, union bpf_attr *uattr, unsigned int size)",
        "175 init_module(void *umod, unsigned long len, const char *uargs)",
        "313 finit_module(int fd, const char *uargs, int flags)",
        "42 connect(int fd, struct sockaddr *uservaddr, int addrlen)",
        "49 bind(int fd, struct sockaddr *umyaddr, int addrlen)",
        "43 accept(int fd, struct sockaddr *upeer_sockaddr, int *upeer_addrlen)",
        "288 accept4(int fd, struct sockaddr *upeer_sockaddr, int *upeer_addrlen, int flags)",
        "44 sendto(int fd, void *buff, size_t len, unsigned int flags, struct sockaddr *addr, int addr_len)",
        "46 sendmsg(int fd, struct user_msghdr *msg, unsigned int flags)",
    };

    private static final Pattern SIGNATURE = Pattern.compile("(\\d+) (\\w+)\\((.*)\\)");
    private static final Pattern ARGUMENT = Pattern.compile("args->(\\w+)");

    /** One parameter: its place among the arguments, its name and C type as the kernel declares them. */
    record Parameter(int position, String name, String type) {

        /** The bpftrace expression reading it from the saved registers {@code $g}. */
        String expression() {
            String register = "$g->" + ARGUMENT_REGISTERS[position];
            if (type.contains("*")) {
                return "uptr(" + register + ")";
            }
            return switch (type) {
                case "int", "pid_t" -> "(int32)" + register;
                case "unsigned int", "uid_t", "gid_t" -> "(uint32)" + register;
                case "umode_t" -> "(uint16)" + register;
                case "long" -> "(int64)" + register;
                default -> register;
            };
        }
    }

    /** A call's number and parameters. */
    record Signature(int number, List<Parameter> parameters) {
    }

    /** Every call this class can read, by name. */
    static final Map<String, Signature> BY_CALL;

    static {
        Map<String, Signature> m = new LinkedHashMap<>();
        for (String line : SIGNATURES) {
            Matcher s = SIGNATURE.matcher(line);
            if (!s.matches()) {
                throw new IllegalStateException("bad signature: " + line);
            }
            List<Parameter> params = new ArrayList<>();
            for (String p : s.group(3).isEmpty() ? new String[0] : s.group(3).split(", ")) {
                int name = p.length();
                while (name > 0 && (Character.isLetterOrDigit(p.charAt(name - 1)) || p.charAt(name - 1) == '_')) {
                    name--;
                }
                params.add(new Parameter(params.size(), p.substring(name), p.substring(0, name).trim()));
            }
            m.put(s.group(2), new Signature(Integer.parseInt(s.group(1)), List.copyOf(params)));
        }
        BY_CALL = Collections.unmodifiableMap(m);
    }

    private final int cpus;
    private final int[] stackTops;

    /** A reader that looks below each of {@code stackTops} (bytes from the stack's lowest address) in turn. */
    SyscallRegisters(int cpus, int... stackTops) {
        if (stackTops.length == 0) {
            throw new IllegalArgumentException("no place to look for the registers");
        }
        this.cpus = Math.max(1, cpus);
        this.stackTops = stackTops.clone();
    }

    /**
     * The reader for the machine the JVM runs on ({@code os.arch}), or null where the saved registers'
     * layout is not known (there every call keeps an entry and an exit program).
     *
     * @param cpus how many CPUs the kernel may run programs on (the per-CPU counters printed)
     */
    static SyscallRegisters forArchitecture(String osArch, int cpus) {
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64") ? new SyscallRegisters(cpus, STACK_TOPS) : null;
    }

    /** Whether {@code call}'s arguments can be read at its exit. */
    boolean covers(String call) {
        return BY_CALL.containsKey(call);
    }

    /**
     * Statements that point {@code $g} at {@code call}'s saved registers and set {@code $ok} when they
     * were found. Each place tried costs two reads of kernel memory; the first is right on most kernels.
     */
    String locate(String call) {
        int number = signature(call).number();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < stackTops.length; i++) {
            String place = "$g = (struct pt_regs *)kptr((uint64)curtask->stack + " + (stackTops[i] - PT_REGS_BYTES) + "); "
                    + "$ok = $g->orig_ax == " + number + " && $g->cs == " + USER_CS + ";";
            b.append(i == 0 ? place : " if (!$ok) { " + place + " }");
        }
        return b.toString();
    }

    /** {@code expression} with every {@code args->NAME} of {@code call} read from the saved registers instead. */
    String rewrite(String call, String expression) {
        Signature s = signature(call);
        Matcher m = ARGUMENT.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Parameter p = s.parameters().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(call + " has no parameter " + m.group(1)));
            m.appendReplacement(out, Matcher.quoteReplacement(p.expression()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * The lines of an exit program's body that run {@code body} (lines indented by four) with {@code $g}
     * pointing at {@code call}'s saved registers, and count the call when they were not found.
     */
    String guarded(String call, String body) {
        return "  " + locate(call) + "\n  if ($ok) {\n" + body + "  } else { @regmiss[cpu]++; }\n";
    }

    /** The program printing the not-found counters every second. */
    String counters() {
        return CpuCounter.everySecond("@regmiss", 'R', cpus);
    }

    /** Statements printing the not-found counters (also run by the END program). */
    String finalCounters() {
        return CpuCounter.printStatements("@regmiss", 'R', cpus);
    }

    /** Maps to clear at the end. */
    static List<String> endMaps() {
        return List.of("@regmiss");
    }

    private static Signature signature(String call) {
        Signature s = BY_CALL.get(call);
        if (s == null) {
            throw new IllegalArgumentException("no register layout for " + call);
        }
        return s;
    }
}
