package dev.kestrel.sensor.strace;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before a trace starts, that strace is installed and that this process may use ptrace, by
 * tracing {@code true}. A problem comes back as one sentence that says how to fix it.
 */
public final class StracePreflight {

    private StracePreflight() {
    }

    /** Empty when {@code executable} can trace a child here, else the sentence to show the user. */
    public static Optional<String> check(String executable) {
        Process p;
        try {
            p = new ProcessBuilder(List.of(executable, "-f", "-q", "-o", "/dev/null", "-e", "trace=?exit_group", "--", "true"))
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return Optional.of(missing(executable));
        }
        try (InputStream in = p.getInputStream()) {
            String output = new String(in.readNBytes(8192), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of("strace did not finish tracing 'true' within 30 seconds; check that '" + executable
                        + " true' works on this machine.");
            }
            if (p.exitValue() == 0) {
                return Optional.empty();
            }
            return Optional.of(explain(output, executable));
        } catch (IOException e) {
            return Optional.of("strace could not be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return Optional.of("interrupted while checking strace");
        }
    }

    /** The sentence for strace's own error output {@code output} (a failed check or attach). */
    public static String explain(String output, String executable) {
        String lower = output.toLowerCase(Locale.ROOT);
        if (lower.contains("operation not permitted") || lower.contains("permission denied")) {
            return NOT_PERMITTED;
        }
        if (lower.contains("no such process")) {
            return "strace found no such process to attach to (" + firstLine(output) + ").";
        }
        return "strace does not work here: " + (output.isEmpty() ? "it failed without a message" : firstLine(output))
                + " (check '" + executable + " true').";
    }

    /** The sentence shown when ptrace is not allowed. */
    public static final String NOT_PERMITTED = "ptrace is not permitted here, so strace cannot trace: run kestrel watch "
            + "as root or with CAP_SYS_PTRACE (in a container: --cap-add SYS_PTRACE); without them, attaching to "
            + "another of your processes needs kernel.yama.ptrace_scope=0 (sysctl -w kernel.yama.ptrace_scope=0), "
            + "and at 3 ptrace stays off until a reboot.";

    private static String missing(String executable) {
        return "strace is not installed (could not run '" + executable + "'): install it, e.g. 'apt-get install strace' "
                + "or 'dnf install strace', or give its path with --strace PATH.";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
