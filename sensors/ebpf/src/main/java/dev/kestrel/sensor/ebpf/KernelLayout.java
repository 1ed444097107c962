package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the program must know about this kernel: which cgroup hierarchy names containers (a v1
 * controller's index in the task's css set, or the v2 hierarchy), what kernfs_node calls its
 * parent ({@code __parent} since Linux 6.15, {@code parent} before) and how a capability set is
 * kept (one 64-bit {@code val} since Linux 6.3, two 32-bit words {@code cap[2]} before) and how an
 * inode keeps its times ({@link InodeTimes}).
 *
 * @param cgroupSubsystem the v1 controller index, or -1 for the cgroup v2 hierarchy
 * @param cgroupHierarchy the id of that controller's v1 hierarchy, 0 for the cgroup v2 hierarchy
 * @param cgroupController the controller's name, "" for v2
 * @param kernfsParent the parent field's name
 * @param capabilitiesInOneWord whether {@code kernel_cap_t} is one 64-bit {@code val}
 * @param inodeTimes the fields of {@code struct inode} that hold its change and modification times
 */
record KernelLayout(int cgroupSubsystem, int cgroupHierarchy, String cgroupController, String kernfsParent, boolean capabilitiesInOneWord,
                    InodeTimes inodeTimes) {

    /** How {@code struct inode} keeps its status-change (ctime) and modification (mtime) times. */
    enum InodeTimes {
        /** Before Linux 6.6: {@code struct timespec64 i_ctime, i_mtime}. */
        TIMESPECS("i_ctime", "i_mtime"),
        /** Linux 6.6: ctime renamed {@code __i_ctime}. */
        CTIME_RENAMED("__i_ctime", "i_mtime"),
        /** Linux 6.7 to 6.10: both renamed, {@code __i_ctime, __i_mtime}. */
        RENAMED("__i_ctime", "__i_mtime"),
        /** Since Linux 6.11: seconds and nanoseconds apart, {@code i_ctime_sec, i_ctime_nsec}. */
        SPLIT("i_ctime", "i_mtime");

        private final String ctime;
        private final String mtime;

        InodeTimes(String ctime, String mtime) {
            this.ctime = ctime;
            this.mtime = mtime;
        }

        /** The bpftrace expression of the inode {@code inode}'s ctime ({@code ctime} true) or mtime, in nanoseconds since the epoch. */
        String nanos(String inode, boolean ctime) {
            String f = inode + "->" + (ctime ? this.ctime : mtime);
            // Since Linux 6.13 the ctime's nanoseconds carry a flag in their top bit (multigrain timestamps).
            return this == SPLIT ? "((uint64)" + f + "_sec * 1000000000 + ((uint64)" + f + "_nsec & 0x3fffffff))"
                    : "((uint64)" + f + ".tv_sec * 1000000000 + (uint64)" + f + ".tv_nsec)";
        }

        /**
         * The fields this kernel has: the names its BTF ({@code btf}, /sys/kernel/btf/vmlinux) holds,
         * since a kernel with changes brought back from later releases does not follow its release
         * number (and a name it lacks makes bpftrace refuse the whole program); the release number
         * when the BTF cannot be read.
         */
        static InodeTimes of(Path btf, Path proc) {
            try {
                // one byte per char: the string section's names are ASCII, and the rest cannot match them
                String names = new String(Files.readAllBytes(btf), StandardCharsets.ISO_8859_1);
                if (holdsName(names, "i_ctime_sec")) {
                    return SPLIT;
                }
                if (holdsName(names, "__i_mtime")) {
                    return RENAMED;
                }
                return holdsName(names, "__i_ctime") ? CTIME_RENAMED : TIMESPECS;
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                return of(proc);
            }
        }

        /** By the release number alone. */
        static InodeTimes of(Path proc) {
            return atLeast(proc, 6, 11) ? SPLIT : atLeast(proc, 6, 7) ? RENAMED : atLeast(proc, 6, 6) ? CTIME_RENAMED : TIMESPECS;
        }

        /** Whether the BTF's string section holds {@code name} as a whole string (its strings end in NUL). */
        private static boolean holdsName(String btf, String name) {
            return btf.contains("\0" + name + "\0");
        }
    }

    /** A layout of a recent kernel's inode times (tests). */
    KernelLayout(int cgroupSubsystem, int cgroupHierarchy, String cgroupController, String kernfsParent, boolean capabilitiesInOneWord) {
        this(cgroupSubsystem, cgroupHierarchy, cgroupController, kernfsParent, capabilitiesInOneWord, InodeTimes.SPLIT);
    }

    /** The bpftrace expression of the capability set {@code set} ({@code cap_effective}...) of the credentials {@code cred}, as one number. */
    String capabilities(String cred, String set) {
        String c = cred + "->" + set;
        return capabilitiesInOneWord ? c + ".val" : "(((uint64)" + c + ".cap[1] << 32) | (uint64)" + c + ".cap[0])";
    }

    /** Controllers container runtimes always place a container in, in order of preference. */
    static final List<String> PREFERRED = List.of("memory", "pids", "cpu", "cpuset", "devices", "freezer", "blkio");

    static KernelLayout detect(Path proc) {
        return detect(proc, Path.of("/sys/kernel/btf/vmlinux"));
    }

    /** The layout of the kernel whose /proc is {@code proc} and whose BTF is {@code btf}. */
    static KernelLayout detect(Path proc, Path btf) {
        int index = -1;
        int hierarchy = 0;
        String controller = "";
        try {
            List<String> lines = Files.readAllLines(proc.resolve("cgroups"));
            // One line per controller compiled in, in the kernel's controller-id order; hierarchy 0: not mounted as v1.
            List<String[]> rows = lines.stream().filter(l -> !l.startsWith("#")).map(l -> l.split("\\s+")).toList();
            for (String want : PREFERRED) {
                for (int i = 0; i < rows.size() && index < 0; i++) {
                    String[] r = rows.get(i);
                    if (r.length >= 4 && r[0].equals(want) && !r[1].equals("0") && r[3].equals("1")) {
                        index = i;
                        hierarchy = Integer.parseInt(r[1]);
                        controller = want;
                    }
                }
                if (index >= 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            index = -1;
            hierarchy = 0;
            controller = "";
        }
        return new KernelLayout(index, hierarchy, controller, atLeast(proc, 6, 15) ? "__parent" : "parent", atLeast(proc, 6, 3),
                InodeTimes.of(btf, proc));
    }

    /** Whether the running kernel is {@code major.minor} or later (true when its release cannot be read: a new kernel is likelier). */
    private static boolean atLeast(Path proc, int major, int minor) {
        try {
            String release = Files.readString(proc.resolve("sys/kernel/osrelease")).trim();
            String[] v = release.split("[.-]");
            int ma = Integer.parseInt(v[0]);
            int mi = Integer.parseInt(v[1]);
            return ma > major || (ma == major && mi >= minor);
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * How many CPUs the kernel may run programs on: one more than the highest number in the
     * {@code possible} list ({@code 0-3,5}); -1 when it cannot be read (the JVM's processor count follows
     * affinity and quotas, and a CPU the program does not know of would keep its records queued for good).
     */
    static int possibleCpus(Path possible) {
        try {
            int max = -1;
            for (String part : Files.readString(possible).trim().split(",")) {
                String last = part.substring(part.indexOf('-') + 1);
                max = Math.max(max, Integer.parseInt(last.trim()));
            }
            if (max >= 0) {
                return max + 1;
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or not a CPU list
        }
        return -1;
    }
}
