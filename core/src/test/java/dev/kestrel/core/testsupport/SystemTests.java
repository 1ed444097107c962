package dev.kestrel.core.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.opentest4j.TestAbortedException;

/**
 * The switch every test that needs root or a system package (strace, bpftrace, runc, sysdig,
 * promtool) goes through: where the requirement is missing, the test is skipped with the reason,
 * unless the environment says {@value #REQUIRE_VARIABLE}=1 (CI does), which turns the skip into a
 * failure so that CI never passes by skipping.
 */
public final class SystemTests {

    /** The environment variable that turns a missing requirement from a skip into a failure. */
    public static final String REQUIRE_VARIABLE = "KESTREL_REQUIRE_SYSTEM_TESTS";

    private SystemTests() {
    }

    /**
     * Returns when {@code present}; otherwise skips the calling test with {@code reason}, or fails it
     * when system tests are required.
     */
    public static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if (required()) {
            Assertions.fail(reason + " (" + REQUIRE_VARIABLE + "=1 forbids skipping this test)");
        }
        throw new TestAbortedException(reason);
    }

    /** True when a missing requirement must fail the test instead of skipping it. */
    public static boolean required() {
        return "1".equals(System.getenv(REQUIRE_VARIABLE));
    }

    /** True when {@code command} is an executable file on the PATH. */
    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** True when this JVM runs as root (uid 0), read from /proc/self/status. */
    public static boolean root() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }
}
