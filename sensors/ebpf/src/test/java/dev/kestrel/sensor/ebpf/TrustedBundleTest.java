package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kestrel.core.testsupport.SystemTests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle's config.json is read only when no one but its owner could have written it, and never through a link. */
class TrustedBundleTest {

    private static final String CONFIG = "{\"annotations\": {\"io.kubernetes.pod.namespace\": \"kube-system\"}}";

    @TempDir
    Path tmp;

    private int owner;
    private Path bundle;

    @BeforeEach
    void bundle() throws IOException {
        owner = (Integer) Files.getAttribute(tmp, "unix:uid");
        bundle = Files.createDirectories(tmp.resolve("bundles/b1"));
        Files.setPosixFilePermissions(tmp.resolve("bundles"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(bundle.resolve("config.json"), CONFIG);
        Files.setPosixFilePermissions(bundle.resolve("config.json"), PosixFilePermissions.fromString("rw-r--r--"));
    }

    private String read(Path dir) throws Exception {
        return TrustedBundle.config(dir, owner, RuntimeStateFiles.MAX_FILE_BYTES);
    }

    @Test
    void aBundleOnlyItsOwnerCanWriteIsRead() throws Exception {
        assertThat(read(bundle)).isEqualTo(CONFIG);
    }

    @Test
    void aConfigOthersCanWriteIsNotRead() throws Exception {
        for (String mode : new String[] {"rw-rw-r--", "rw-r--rw-"}) {
            Files.setPosixFilePermissions(bundle.resolve("config.json"), PosixFilePermissions.fromString(mode));
            assertThatThrownBy(() -> read(bundle)).as(mode).isInstanceOf(TrustedBundle.Untrusted.class)
                    .hasMessageContaining("config.json");
        }
    }

    @Test
    void aBundleDirectoryOthersCanWriteIsNotRead() throws Exception {
        // whoever can write the directory can put another config.json there
        Files.setPosixFilePermissions(bundle, PosixFilePermissions.fromString("rwxrwxr-x"));
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(TrustedBundle.Untrusted.class);
    }

    @Test
    void aDirectoryAboveOthersCanWriteIsNotReadUnlessItIsSticky() throws Exception {
        // whoever can write a directory above can rename the bundle away and put their own in its place
        Files.setPosixFilePermissions(tmp.resolve("bundles"), PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(TrustedBundle.Untrusted.class)
                .hasMessageContaining("above the bundle");

        Files.setAttribute(tmp.resolve("bundles"), "unix:mode", 01777);
        assertThat(read(bundle)).as("sticky, like /tmp: others cannot rename what is not theirs").isEqualTo(CONFIG);
    }

    @Test
    void aConfigThatIsASymbolicLinkIsNotFollowed() throws Exception {
        Path forged = Files.writeString(tmp.resolve("forged.json"), "{\"annotations\": {}}");
        Files.delete(bundle.resolve("config.json"));
        Files.createSymbolicLink(bundle.resolve("config.json"), forged);

        assertThatThrownBy(() -> read(bundle)).isInstanceOf(TrustedBundle.Untrusted.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aBundleReachedThroughASymbolicLinkIsNotRead() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("link"), bundle);
        Path linkAbove = Files.createSymbolicLink(tmp.resolve("above"), tmp.resolve("bundles"));

        assertThatThrownBy(() -> read(link)).isInstanceOf(TrustedBundle.Untrusted.class)
                .hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> read(linkAbove.resolve("b1"))).isInstanceOf(TrustedBundle.Untrusted.class)
                .hasMessageContaining("symbolic link");
    }

    @Test
    void aBundleOfAnotherOwnerIsNotRead() throws Exception {
        assertThatThrownBy(() -> TrustedBundle.config(bundle, owner + 1, RuntimeStateFiles.MAX_FILE_BYTES))
                .isInstanceOf(TrustedBundle.Untrusted.class);
        SystemTests.require(owner == 0, "only root can give a file away (run the tests as root)");
        Files.setAttribute(bundle.resolve("config.json"), "unix:uid", 12345);
        assertThatThrownBy(() -> read(bundle)).isInstanceOf(TrustedBundle.Untrusted.class)
                .hasMessageContaining("not owned by uid 0");
    }

    @Test
    void aRelativeOrMissingBundleIsNotRead() {
        assertThatThrownBy(() -> read(Path.of("relative/b1"))).isInstanceOf(TrustedBundle.Untrusted.class);
        assertThatThrownBy(() -> read(tmp.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void aConfigLargerThanTheLimitIsNotRead() throws Exception {
        Files.writeString(bundle.resolve("config.json"), CONFIG + " ".repeat(100));
        assertThatThrownBy(() -> TrustedBundle.config(bundle, owner, CONFIG.length() + 99))
                .isInstanceOf(IOException.class).hasMessageContaining("larger than");
        assertThat(TrustedBundle.config(bundle, owner, CONFIG.length() + 100)).startsWith(CONFIG);
    }
}
