package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.core.alert.Alert;
import dev.kestrel.core.testsupport.SystemTests;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Live, as root: what every way of reading a call's arguments must deliver (one subclass per way):
 * a connect's two ends, a rename's two paths, a sensitive read through an odd path that reaches the
 * rules, and plain reads no rule can match that stay in the kernel.
 */
abstract class CallArgumentsContract extends LiveSensorTest {

    @Test
    void aConnectToALocalServerHasBothEnds() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "the client needs python3");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = server.getLocalPort();
            assertThat(LiveSensor.run("python3", "-c", "import socket, sys\n"
                    + "socket.create_connection(('127.0.0.1', int(sys.argv[1]))).close()", Integer.toString(port), marker)).isZero();
            // The launcher may connect elsewhere first (a pyenv shim's bash asking a name service over a
            // UNIX socket, say), so the alert looked for is the one whose server end is ours.
            String serverEnd = "->127.0.0.1:" + port + " ";
            Alert a = sensor.await(x -> x.rule().equals("Kestrel live test connect") && x.output().contains(marker)
                    && x.output().contains(serverEnd));
            assertThat(a.output()).contains("res=SUCCESS ").containsPattern("connection=127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:" + port + " ");
        }
    }

    @Test
    void aRenameHasBothPaths() throws Exception {
        Path from = Files.writeString(work.resolve("from-" + marker), "x");
        Path to = work.resolve("to-" + marker);
        assertThat(LiveSensor.run("mv", from.toString(), to.toString())).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test rename") && x.output().contains("target=" + to));
        assertThat(a.output()).contains("res=SUCCESS ").contains("source=" + from + " ");
    }

    @Test
    void aSensitiveReadThroughAnOddPathReachesTheRulesAndPlainReadsStayInTheKernel() throws Exception {
        String missing = work.resolve(marker).toString();
        LiveSensor.run("cat", "/etc/./shadow", missing);
        Alert a = sensor.await(x -> x.rule().equals("Read sensitive file untrusted")
                && x.output().contains("command=cat /etc/./shadow " + missing));
        assertThat(a.output()).contains("file=/etc/shadow ");
        assertThat(fivePlainReadsLeftInKernel()).isGreaterThanOrEqualTo(5);
    }
}
