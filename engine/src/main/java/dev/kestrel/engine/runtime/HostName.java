package dev.kestrel.engine.runtime;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's name for alerts, found without network lookups where possible. */
final class HostName {

    private HostName() {
    }

    static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (Exception e) {
            // not Linux, or not readable: ask the JDK below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
