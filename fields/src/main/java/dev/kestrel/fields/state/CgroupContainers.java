package dev.kestrel.fields.state;

import java.util.List;

/** Finds a container id in cgroup paths (docker, containerd, cri-o, podman layouts): the first 64-hex run. */
final class CgroupContainers {

    private CgroupContainers() {
    }

    /** The 12-character container id named by {@code cgroups}, or null when they name none. */
    static String idFrom(List<String> cgroups) {
        if (cgroups == null) {
            return null;
        }
        for (String line : cgroups) {
            int run = 0;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                run = hex ? run + 1 : 0;
                if (run == 64) {
                    boolean endsHere = i + 1 == line.length() || !isHex(line.charAt(i + 1));
                    if (endsHere) {
                        return line.substring(i - 63, i - 51);
                    }
                }
            }
        }
        return null;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
}
