package dev.kestrel.core.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * Prometheus' own linter for the tests of a {@code /metrics} page: {@code promtool check metrics}
 * (Debian package {@code prometheus}). Stateless; for tests only.
 */
public final class Promtool {

    private Promtool() {
    }

    /** Skips the calling test when promtool is not installed (fails it where system tests are required). */
    public static void require() {
        SystemTests.require(SystemTests.onPath("promtool"),
                "promtool (Debian package prometheus) is not installed; it checks the /metrics format");
    }

    /**
     * Fails the calling test, with what promtool said and the page, unless promtool accepts
     * {@code metrics} (the text exposition format) within a minute.
     */
    public static void assertAccepts(String metrics) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            Assertions.fail("promtool did not finish within a minute");
        }
        Assertions.assertEquals(0, p.exitValue(), () -> "promtool says: " + said + "\nof:\n" + metrics);
    }
}
