package dev.kestrel.sensor.ebpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the program must know about this kernel: which cgroup hierarchy names containers (a v1
 * controller's index in the task's css set, or the v2 hierarchy), what kernfs_node calls its
 * parent ({@code __parent} since Linux 6.15, {@code parent} before) and how a capability set is
 * kept (one 64-bit {@code val} since Linux 6.3, two 32-bit words {@code cap[2]} before).
 *
 * @param cgroupSubsystem the v1 controller index, or -1 for the cgroup v2 hierarchy
 * @param cgroupHierarchy the id of that controller's v1 hierarchy, 0 for the cgroup v2 hierarchy
 * @param cgroupController the controller's name, "" for v2
 * @param kernfsParent the parent field's name
 * @param capabilitiesInOneWord whether {@code kernel_cap_t} is one 64-bit {@code val}
 */
record KernelLayout(int cgroupSubsystem, int cgroupHierarchy, String cgroupController, String kernfsParent, boolean capabilitiesInOneWord) {

    /** The bpftrace expression of the capability set {@code set} ({@code cap_effective}...) of the credentials {@code cred}, as one number. */
    String capabilities(String cred, String set) {
        String c = cred + "->" + set;
        return capabilitiesInOneWord ? c + ".val" : "(((uint64)" + c + ".cap[1] << 32) | (uint64)" + c + ".cap[0])";
    }

    /** Controllers container runtimes always place a container in, in order of preference. */
    private static final List<String> PREFERRED = List.of("memory", "pids", "cpu", "cpuset", "devices", "freezer", "blkio");

    static KernelLayout detect(Path proc) {
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
        return new KernelLayout(index, hierarchy, controller, atLeast(proc, 6, 15) ? "__parent" : "parent", atLeast(proc, 6, 3));
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
