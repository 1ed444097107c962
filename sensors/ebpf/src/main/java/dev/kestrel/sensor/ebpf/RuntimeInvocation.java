package dev.kestrel.sensor.ebpf;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@code runc create|run [--bundle|-b DIR] ID} command line (as containerd's shim, CRI-O and people
 * run it): the container id and its bundle directory, whose {@code config.json} carries the CRI
 * annotations before the container starts.
 *
 * @param id the container id
 * @param bundle the bundle directory
 */
record RuncInvocation(String id, Path bundle) {

    /** The invocation {@code argv} (argv[0] first) describes, if it creates or runs a container with a bundle. */
    static Optional<RuncInvocation> of(List<String> argv) {
        boolean creating = false;
        String bundle = null;
        for (int i = 1; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.equals("create") || a.equals("run")) {
                creating = true;
            } else if ((a.equals("--bundle") || a.equals("-b")) && i + 1 < argv.size()) {
                bundle = argv.get(++i);
            } else if (a.startsWith("--bundle=")) {
                bundle = a.substring("--bundle=".length());
            }
        }
        if (!creating || bundle == null || argv.size() < 3) {
            return Optional.empty();
        }
        String id = argv.get(argv.size() - 1);
        if (id.startsWith("-") || !bundle.startsWith("/")) {
            return Optional.empty();
        }
        return Optional.of(new RuncInvocation(id, Path.of(bundle)));
    }
}
