package dev.kestrel.core.testsupport;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints one line per skipped or aborted test, with its reason, to the build output: Maven's own
 * summary only counts skips. Registered through the JUnit Platform's ServiceLoader file in this
 * test-jar, so every module whose tests depend on it lists its skips the same way. Stateless.
 */
public final class SkipReasonPrinter implements TestExecutionListener {

    /** The prefix of every line, for grep. */
    public static final String PREFIX = "[kestrel] SKIPPED ";

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        print(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            print(test, result.getThrowable().map(Throwable::getMessage).orElse(null));
        }
    }

    private static void print(TestIdentifier test, String reason) {
        System.out.println(PREFIX + name(test) + ": " + (reason == null || reason.isBlank() ? "no reason given" : reason));
        System.out.flush();
    }

    /** {@code Class#method} (with the display name of a parameterized case), or the display name. */
    static String name(TestIdentifier test) {
        return test.getSource().map(source -> {
            if (source instanceof MethodSource m) {
                String simple = m.getClassName().substring(m.getClassName().lastIndexOf('.') + 1);
                String display = test.getDisplayName();
                String method = m.getMethodName();
                return simple + "#" + method + (display.startsWith(method) ? "" : " " + display);
            }
            if (source instanceof ClassSource c) {
                return c.getClassName().substring(c.getClassName().lastIndexOf('.') + 1);
            }
            return test.getDisplayName();
        }).orElse(test.getDisplayName());
    }
}
