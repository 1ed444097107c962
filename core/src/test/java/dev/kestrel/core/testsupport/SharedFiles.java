package dev.kestrel.core.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the checkout and the shared folder beside it (Falco's official rules, our notes),
 * one way for every module: the system properties the parent pom sets, {@code kestrel.root.dir} and
 * {@code kestrel.shared.dir}. A missing shared file skips the test with the reason, and fails it when
 * {@link SystemTests#required()} (in CI).
 */
public final class SharedFiles {

    private SharedFiles() {
    }

    /** The checkout's top folder. */
    public static Path root() {
        return Path.of(System.getProperty("kestrel.root.dir", "..")).toAbsolutePath().normalize();
    }

    /** The shared folder beside the checkout ({@code ../shared}). */
    public static Path shared() {
        String dir = System.getProperty("kestrel.shared.dir");
        return (dir != null ? Path.of(dir) : root().resolve("../shared")).toAbsolutePath().normalize();
    }

    /** Falco's official ruleset, {@code <shared>/rules/falco_rules.yaml}; skips or fails the test when it is missing. */
    public static Path falcoRules() {
        return require(shared().resolve("rules").resolve("falco_rules.yaml"));
    }

    /** {@code relative} inside the shared folder; skips or fails the test when it is missing. */
    public static Path sharedFile(String relative) {
        return require(shared().resolve(relative));
    }

    private static Path require(Path file) {
        SystemTests.require(Files.isRegularFile(file), missing(file));
        return file;
    }

    /** Why a test that needs {@code file} cannot run. */
    static String missing(Path file) {
        return "the shared file " + file + " is missing (tests read it from the shared/ folder beside the checkout)";
    }
}
