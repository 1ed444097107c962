package dev.kestrel.sensor.ebpf;

import dev.kestrel.core.json.JsonReader;
import dev.kestrel.core.json.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A runc container without an image (docs/ebpf-sensor.md, "Proven on real containers"): the host's /usr and /etc
 * mounted read-only on an empty root, a Kubernetes-style cgroup path and the CRI annotations in its
 * config.json. Runs one command in the foreground and cleans up after itself.
 */
final class RuncContainer {

    final String fullId;
    final String podUid;
    private final Path dir;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private final List<Map<String, Object>> mounts = new ArrayList<>();

    RuncContainer(Path work, String fullId, String podName, String namespace) throws IOException {
        this.fullId = fullId;
        this.podUid = "6d0a1b2c-0000-4000-8000-" + fullId.substring(0, 12);
        this.dir = Files.createDirectories(work.resolve(fullId.substring(0, 12)));
        annotations.put("io.kubernetes.cri.container-type", "container");
        annotations.put("io.kubernetes.cri.container-name", "app");
        annotations.put("io.kubernetes.cri.image-name", "registry.example/shop/app:1.4.2");
        annotations.put("io.kubernetes.cri.sandbox-name", podName);
        annotations.put("io.kubernetes.cri.sandbox-namespace", namespace);
        annotations.put("io.kubernetes.cri.sandbox-uid", podUid);
        bind("/usr", "/usr");
        bind("/etc", "/etc");
        mounts.add(Map.of("destination", "/tmp", "type", "tmpfs", "source", "tmpfs", "options", List.of("nosuid", "nodev")));
    }

    RuncContainer bind(String source, String destination) {
        mounts.add(Map.of("destination", destination, "type", "bind", "source", source, "options", List.of("rbind", "ro")));
        return this;
    }

    /**
     * Makes the root an overlay, as a container runtime mounts an image: the empty root (with the
     * files of {@code imageFiles}, host path to path in the image) is the lower layer, and writes go to an
     * upper layer of its own.
     */
    RuncContainer overlayRoot(Map<String, Path> imageFiles) {
        this.imageFiles = Map.copyOf(imageFiles);
        return this;
    }

    private Map<String, Path> imageFiles;
    private boolean overlayMounted;
    private boolean privileged;
    private long uid = -1;

    /** Runs the container's process as {@code uid} (group the same). */
    RuncContainer user(long uid) {
        this.uid = uid;
        return this;
    }

    /**
     * Makes the container privileged as runtimes do ({@code --privileged}): every capability the node
     * grants (this VM's root lacks CAP_SYS_RESOURCE) in its bounding, effective and permitted sets, no path
     * masked nor read-only.
     */
    RuncContainer privileged() {
        this.privileged = true;
        return this;
    }

    RuncContainer tmpfs(String destination) {
        mounts.add(Map.of("destination", destination, "type", "tmpfs", "source", "tmpfs", "options", List.of("nosuid", "nodev")));
        return this;
    }

    /** Runs {@code args} in the container (with a terminal when {@code tty}); the exit status. */
    int run(boolean tty, String... args) throws Exception {
        Path root = Files.createDirectories(dir.resolve(imageFiles == null ? "rootfs" : "image"));
        for (String d : List.of("usr", "etc", "proc", "dev", "sys", "tmp", "app", "opt/hostbin")) {
            Files.createDirectories(root.resolve(d));
        }
        for (String l : List.of("bin", "lib", "lib64", "sbin")) {
            if (!Files.exists(root.resolve(l), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(root.resolve(l), Path.of("usr", l));
            }
        }
        if (imageFiles != null) {
            for (Map.Entry<String, Path> f : imageFiles.entrySet()) {
                Path target = root.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.copy(f.getValue(), target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            root = mountOverlay(root);
        }
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        Files.deleteIfExists(bundle.resolve("config.json"));
        Process spec = new ProcessBuilder("runc", "spec").directory(bundle.toFile()).redirectErrorStream(true).start();
        spec.getInputStream().readAllBytes();
        if (spec.waitFor() != 0) {
            throw new IOException("runc spec failed");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) JsonReader.parse(Files.readString(bundle.resolve("config.json")));
        config.put("root", Map.of("path", root.toString(), "readonly", imageFiles == null));
        @SuppressWarnings("unchecked")
        Map<String, Object> process = (Map<String, Object>) config.get("process");
        process.put("terminal", tty);
        if (uid >= 0) {
            process.put("user", Map.of("uid", uid, "gid", uid));
        }
        process.put("args", List.of(args));
        @SuppressWarnings("unchecked")
        Map<String, Object> linux = (Map<String, Object>) config.get("linux");
        linux.put("cgroupsPath", "/kubepods/besteffort/pod" + podUid + "/" + fullId);
        if (privileged) {
            @SuppressWarnings("unchecked")
            Map<String, Object> caps = (Map<String, Object>) process.get("capabilities");
            List<String> granted = OciSpec.grantedToPrivileged(Path.of("/proc/self/status")).stream().sorted().toList();
            for (String set : List.of("bounding", "effective", "permitted")) {
                caps.put(set, granted);
            }
            linux.remove("maskedPaths");
            linux.remove("readonlyPaths");
        }
        @SuppressWarnings("unchecked")
        List<Object> all = new ArrayList<>((List<Object>) config.get("mounts"));
        all.addAll(mounts);
        config.put("mounts", all);
        config.put("annotations", annotations);
        Files.writeString(bundle.resolve("config.json"), JsonWriter.write(config));
        String run = "runc run -b " + bundle + " " + fullId;
        ProcessBuilder pb = tty ? new ProcessBuilder("script", "-qec", run, "/dev/null") : new ProcessBuilder("sh", "-c", run);
        Process p = pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("the container did not finish within 60 s");
        }
        lastOutput = new String(output, StandardCharsets.UTF_8);
        return p.exitValue();
    }

    String lastOutput = "";

    private Path mountOverlay(Path lower) throws IOException, InterruptedException {
        Path merged = Files.createDirectories(dir.resolve("rootfs"));
        if (!overlayMounted) {
            Path upper = Files.createDirectories(dir.resolve("upper"));
            Path work = Files.createDirectories(dir.resolve("work"));
            command("mount", "-t", "overlay", "overlay", "-o",
                    "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
            overlayMounted = true;
        }
        return merged;
    }

    private static void command(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", argv) + " failed: " + out.strip());
        }
    }

    /** Removes the container's state, its cgroups and its files. */
    void remove() throws IOException, InterruptedException {
        new ProcessBuilder("runc", "delete", "-f", fullId).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(30, TimeUnit.SECONDS);
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.toList()) {
                Path pod = h.resolve("kubepods/besteffort/pod" + podUid);
                if (Files.isDirectory(pod)) {
                    try (Stream<Path> walk = Files.walk(pod)) {
                        for (Path d : walk.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(d);
                        }
                    } catch (IOException e) {
                        // a cgroup still in use stays; runc removes its own leaf
                    }
                }
            }
        }
        if (overlayMounted) {
            command("umount", dir.resolve("rootfs").toString());
            overlayMounted = false;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
