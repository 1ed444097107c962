package dev.kestrel.outputs;

import java.nio.file.Path;

/**
 * How an output checks the server's certificate: normally against the JDK's trusted authorities;
 * against the PEM certificates in {@code caCert} when given; not at all when {@code insecure}
 * (Falco's {@code insecure: true}, falcosidekick's {@code checkcert: false}). Immutable.
 */
public record TlsOptions(boolean insecure, Path caCert) {

    /** The JDK's trusted authorities. */
    public static final TlsOptions DEFAULT = new TlsOptions(false, null);
}
