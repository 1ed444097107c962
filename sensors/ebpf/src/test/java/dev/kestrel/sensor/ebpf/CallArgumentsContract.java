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

    /**
     * A mount that only changes propagation has no source (a null pointer), as runc makes at every
     * container start: it reaches the rules with its target. Where arguments wait in a map from the
     * entry, a saved call was told by its first string, the source, so such mounts were never printed.
     */
    @Test
    void aMountWithoutASourceReachesTheRules() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "the caller needs python3");
        SystemTests.require(SystemTests.onPath("unshare"), "the mount namespace needs unshare (util-linux)");
        // unshare itself makes / private with a source ("none") unless told to leave propagation alone.
        assertThat(LiveSensor.run("unshare", "-m", "--propagation", "unchanged", "python3", "-c", "import ctypes\n"
                + "libc = ctypes.CDLL(None, use_errno=True)\n"
                + "MS_REC, MS_PRIVATE = 16384, 1 << 18\n"
                + "assert libc.mount(None, b'/', None, MS_REC | MS_PRIVATE, None) == 0, ctypes.get_errno()\n", marker)).isZero();
        Alert a = sensor.await(x -> x.rule().equals("Kestrel live test mount") && x.output().contains(marker)
                && x.output().contains("cmd=python3 "));
        assertThat(a.output()).contains("res=SUCCESS ").contains("dir=/ ");
    }

    /**
     * Datagrams to TEST-NET-3 addresses, inside a network namespace the test makes, where those
     * addresses are local: nothing leaves the machine. Sends that name a destination reach the rules
     * with both ends; a send on a connected socket stays in the kernel, counted.
     */
    @Test
    void sendsThatNameADestinationAreOutboundAndSendsOnAConnectedSocketStayInTheKernel() throws Exception {
        SystemTests.require(SystemTests.onPath("python3"), "the client needs python3");
        SystemTests.require(SystemTests.onPath("ip"), "the network namespace needs ip (apt-get install iproute2)");
        String ns = "kestrel-" + marker.substring(marker.length() - 8);
        assertThat(LiveSensor.run("ip", "netns", "add", ns)).isZero();
        try {
            assertThat(LiveSensor.run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")).isZero();
            assertThat(LiveSensor.run("ip", "netns", "exec", ns, "ip", "addr", "add", "203.0.113.1/24", "dev", "lo")).isZero();
            long before = sendsLeftInKernel();
            assertThat(LiveSensor.run("ip", "netns", "exec", ns, "python3", "-c", "import socket\n"
                    + "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    + "s.sendto(b'x', ('203.0.113.2', 53))\n"
                    + "m = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    + "m.sendmsg([b'y'], [], 0, ('203.0.113.3', 53))\n"
                    + "c = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                    + "c.connect(('203.0.113.4', 53))\n"
                    + "c.send(b'z')\n", marker)).isZero();
            Alert sendto = sensor.await(x -> x.rule().equals("Kestrel live test outbound send") && x.output().contains(marker)
                    && x.output().contains("type=sendto "));
            // The socket is unbound: its end is inferred from the host's interfaces, as libsinsp does.
            assertThat(sendto.output()).containsPattern("connection=[0-9.]+:\\d+->203\\.0\\.113\\.2:53 ")
                    .contains("proto=udp ");
            Alert sendmsg = sensor.await(x -> x.rule().equals("Kestrel live test outbound send") && x.output().contains(marker)
                    && x.output().contains("type=sendmsg "));
            assertThat(sendmsg.output()).containsPattern("connection=[0-9.]+:\\d+->203\\.0\\.113\\.3:53 ");
            // The connected socket's send names no destination: counted, printed every second.
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (sendsLeftInKernel() <= before && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(sendsLeftInKernel()).isGreaterThan(before);
            assertThat(sensor.alerts()).noneMatch(x -> x.rule().equals("Kestrel live test outbound send")
                    && x.output().contains("->203.0.113.4:"));
        } finally {
            LiveSensor.run("ip", "netns", "del", ns);
        }
    }

    private long sendsLeftInKernel() {
        return sensor.source.counters().skipped().getOrDefault(EbpfSource.SENDS_LEFT_IN_KERNEL, 0L);
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
