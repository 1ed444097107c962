package dev.kestrel.outputs;

import dev.kestrel.engine.yaml.BoundedTextFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

/**
 * Reads the certificates of a CA file an output trusts (PEM or DER, one or many), the same way when
 * a config is checked and when the output starts. Devices, pipes and directories are refused by
 * type, a file larger than {@link #MAX_BYTES} by size, before anything is read. Stateless.
 */
final class CaCertificates {

    /** A CA file larger than this is refused: 16 MiB, far more than any bundle of authorities. */
    static final int MAX_BYTES = 16 << 20;

    private CaCertificates() {
    }

    /**
     * The certificates in {@code file}, at least one.
     *
     * @throws IllegalArgumentException with a sentence naming the file and what is wrong with it
     */
    static List<Certificate> read(Path file) {
        String named = "the CA certificate file " + file;
        byte[] bytes;
        try {
            String kind = BoundedTextFile.irregularKind(file);
            if (kind != null) {
                throw new IllegalArgumentException(named + " is " + kind + ", not a certificate file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException(named + " has " + Files.size(file) + " bytes, more than the "
                        + (MAX_BYTES >> 20) + " MiB a certificate file may have");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(named + " does not exist", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + named.substring("the ".length()) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException(named + " grew beyond " + (MAX_BYTES >> 20) + " MiB while it was read");
        }
        try {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (found.isEmpty()) {
                throw new IllegalArgumentException(named + " holds no certificate (PEM or DER)");
            }
            return List.copyOf(found);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(named + " holds no certificate (PEM or DER) that can be read"
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }
}
