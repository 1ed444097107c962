package dev.kestrel.sensor.ebpf;

import dev.kestrel.sensor.proc.CgroupContainerId.ContainerRef;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code runc|crun [global options] create|run [--bundle|-b DIR] ... ID} command line (as containerd's
 * shim, CRI-O's and podman's conmon and people run it): the container id and its bundle directory,
 * whose {@code config.json} carries the CRI annotations before the container starts.
 *
 * @param id the container id
 * @param bundle the bundle directory
 */
record RuntimeInvocation(String id, Path bundle) {

    /** Whether a process named {@code comm} is an OCI runtime whose command lines this reads (runc, crun). */
    static boolean runtimeCommand(String comm) {
        return comm.startsWith("runc") || comm.startsWith("crun");
    }

    /**
     * Whether an exec by uid {@code uid}, euid {@code euid}, in {@code where} may tell about a bundle:
     * only root on the host, never a user (anyone can name a program runc) nor a container.
     *
     * @param where the container of the exec by its cgroup, or null when its cgroup is unknown
     */
    static boolean trusted(long uid, long euid, ContainerRef where) {
        return uid == 0 && euid == 0 && where != null && where.host();
    }

    /** The options of runc and crun (global, create, run) whose value is the next argument. */
    private static final Set<String> TAKES_VALUE = Set.of("--bundle", "-b", "--config", "-f", "--pid-file",
            "--console-socket", "--preserve-fds", "--root", "--log", "--log-format", "--log-level", "--criu",
            "--cgroup-manager");

    /**
     * The invocation {@code argv} (argv[0] first) describes, if it creates or runs a container with an
     * absolute bundle directory whose {@code config.json} is the container's (crun's {@code --config}
     * naming another file gives nothing, and so does a directory this JVM cannot name). The id is the last argument after the command that is neither
     * an option nor an option's value (crun also takes options after it).
     */
    static Optional<RuntimeInvocation> of(List<String> argv) {
        String command = null;
        String config = "config.json";
        String bundle = null;
        String id = null;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (TAKES_VALUE.contains(a)) {
                if (i + 1 < argv.size()) {
                    String value = argv.get(++i);
                    bundle = a.equals("--bundle") || a.equals("-b") ? value : bundle;
                    config = a.equals("--config") || a.equals("-f") ? value : config;
                }
            } else if (a.startsWith("--bundle=")) {
                bundle = a.substring("--bundle=".length());
            } else if (a.startsWith("--config=")) {
                config = a.substring("--config=".length());
            } else if (a.startsWith("-b") && !a.startsWith("--")) {
                bundle = a.substring(2);
            } else if (a.startsWith("-f") && !a.startsWith("--")) {
                config = a.substring(2);
            } else if (a.startsWith("-")) {
                continue;
            } else if (command == null) {
                command = a;
            } else {
                id = a;
            }
        }
        boolean creating = "create".equals(command) || "run".equals(command);
        if (!creating || id == null || bundle == null || !bundle.startsWith("/") || !config.equals("config.json")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RuntimeInvocation(id, Path.of(bundle)));
        } catch (InvalidPathException e) {
            return Optional.empty();  // not a path this JVM can name (a byte its file-name encoding lacks): none to read
        }
    }
}
