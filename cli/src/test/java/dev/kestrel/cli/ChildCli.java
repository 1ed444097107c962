package dev.kestrel.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the CLI in a JVM of its own (for signals, heap bounds and real file descriptors). */
final class ChildCli {

    private ChildCli() {
    }

    static ProcessBuilder command(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KestrelCli.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    static Process start(List<String> jvmOptions, Path stdout, Path stderr, String... args) throws IOException {
        return command(jvmOptions, args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }
}
