package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.event.FdSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel prints every bound path of a network namespace in {@code net/unix} as it is: newlines and bytes
 * that are not UTF-8 included, and any local user may bind such a path (an abstract one needs no file).
 */
class UnixSocketTableTest {

    private static final String HEADER = "Num       RefCount Protocol Flags    Type St Inode Path\n";

    @TempDir
    Path proc;

    private static String line(long inode, String path) {
        return "0000000000000000: 00000002 00000000 00010000 0001 01 " + inode + (path.isEmpty() ? "" : " " + path) + "\n";
    }

    private FakeProcTree victim() {
        return new FakeProcTree(proc).netNamespace(200, 4026531840L).fd(200, 6, "socket:[1004]");
    }

    private void table(String text) throws Exception {
        Files.createDirectories(proc.resolve("200/net"));
        Files.writeString(proc.resolve("200/net/unix"), HEADER + text, StandardCharsets.UTF_8);
    }

    @Test
    void aSocketPathThatIsNotUtf8HidesNoOtherSocketOfTheNamespace() throws Exception {
        victim();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        table.write(HEADER.getBytes(StandardCharsets.US_ASCII));
        table.write(line(999, "/tmp/").replace("\n", "").getBytes(StandardCharsets.US_ASCII));
        table.write(0xff);
        table.write('\n');
        table.write(line(1004, "/run/app.sock").getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(proc.resolve("200/net"));
        Files.write(proc.resolve("200/net/unix"), table.toByteArray());

        OpenFds found = new OpenFdScanner(proc, FdScanLimits.DEFAULTS).scan(List.of(200L));

        assertThat(found.of(200)).containsExactly(new FdSnapshot(200, 6, "unix", "/run/app.sock", 0, 1004, null, null));
        assertThat(found.counts().socketsNotFound()).isZero();
    }

    @ParameterizedTest(name = "forged line first: {0}")
    @ValueSource(booleans = {true, false})
    void aPathWithANewlineCannotNameAnotherSocketWhicheverLineComesFirst(boolean forgedFirst) throws Exception {
        String forged = line(999, "/tmp/x\n" + line(1004, "/var/run/docker.sock").replace("\n", ""));
        victim();
        table(forgedFirst ? forged + line(1004, "") : line(1004, "") + forged);

        OpenFds found = new OpenFdScanner(proc, FdScanLimits.DEFAULTS).scan(List.of(200L));

        assertThat(found.of(200)).containsExactly(new FdSnapshot(200, 6, "unix", "", 0, 1004, null, null));
        assertThat(found.counts().unnamedUnixSockets()).isEqualTo(1);
        assertThat(found.counts().kept()).isEqualTo(1);
    }

    @Test
    void aForgedUnixLineCannotTurnAnInternetSocketIntoAUnixOne() throws Exception {
        victim().ipSocket(200, "tcp", "0100007F:1F90", "0100007F:A8CA", 1004);
        table(line(999, "/tmp/x\n" + line(1004, "/var/run/docker.sock").replace("\n", "")));

        OpenFds found = new OpenFdScanner(proc, FdScanLimits.DEFAULTS).scan(List.of(200L));

        assertThat(found.of(200)).containsExactly(new FdSnapshot(200, 6, "ipv4", "127.0.0.1:8080->127.0.0.1:43210", 0, 1004,
                "127.0.0.1:8080->127.0.0.1:43210", "tcp"));
        assertThat(found.counts().unnamedUnixSockets()).isZero();
    }
}
