package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.UserMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container's accounts are the container's to write: read only as plain files under its root, never
 * through a symbolic link (followed from the host's root, it could name the host's files), and bounded.
 */
class ContainerAccountsTest {

    @TempDir
    Path root;

    @Test
    void theContainersOwnPasswdAndGroupAreRead() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:4321:4321::/home/app:/bin/sh\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\napps:x:4321:\n");
        HostAccounts a = HostAccounts.ofContainer(root);
        assertThat(a.users()).contains(new UserMetadata(4321, "app", "/home/app", "/bin/sh"));
        assertThat(a.groups()).extracting(g -> g.name()).containsExactly("root", "apps");
    }

    @Test
    void aSymbolicLinkAtTheFileOrAtEtcGivesNoEntries() throws Exception {
        Path host = Files.writeString(root.resolve("host-shadow"), "root:$6$secret:19000:0:99999:7:::\n");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/passwd"), host);
        assertThat(HostAccounts.ofContainer(root).users()).isEmpty();
        assertThat(new HostAccounts(root).users()).as("the host's own files may be links").isNotEmpty();
        Path other = Files.createDirectories(root.resolve("elsewhere/etc"));
        Files.writeString(other.resolve("passwd"), "app:x:4321:4321::/home/app:/bin/sh\n");
        Path linked = Files.createDirectories(root.resolve("linked"));
        Files.createSymbolicLink(linked.resolve("etc"), other);
        assertThat(HostAccounts.ofContainer(linked).users()).isEmpty();
    }

    /** Read as root: a file only root may read, bound over a user's own passwd (unshare -Urm, mount --bind), is not read. */
    @Test
    void aFileOthersMayNotReadGivesNoEntries() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Path passwd = Files.writeString(root.resolve("etc/passwd"), "root:$6$secret:19000:0:99999:7:::\n");
        Files.setPosixFilePermissions(passwd, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(HostAccounts.ofContainer(root).users()).isEmpty();
        Files.setPosixFilePermissions(passwd, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(HostAccounts.ofContainer(root).users()).as("the same file, readable by anybody").isNotEmpty();
    }

    @Test
    void aPasswdLargerThanTheBoundGivesNoEntries() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        String line = "u:x:1000:1000::/home/u:/bin/sh\n";
        Files.writeString(root.resolve("etc/passwd"), line.repeat((int) (HostAccounts.MAX_BYTES / line.length()) + 1));
        assertThat(HostAccounts.ofContainer(root).users()).isEmpty();
    }

    /** A FIFO in place of the file would block the open until someone writes to it: it is no plain file, so not opened. */
    @Test
    void aFifoInPlaceOfTheFileIsNotOpened() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("etc/passwd").toString()).start();
        assertThat(mkfifo.waitFor()).as("mkfifo (coreutils)").isZero();
        java.util.List<UserMetadata> users = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofMinutes(1), () -> HostAccounts.ofContainer(root).users());
        assertThat(users).isEmpty();
    }
}
