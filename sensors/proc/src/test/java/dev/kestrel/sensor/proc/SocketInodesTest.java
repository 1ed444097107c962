package dev.kestrel.sensor.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.proc.SocketInodes.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketInodesTest {

    @TempDir
    Path proc;

    @Test
    void findsTheLocalEndpointByInode() throws IOException {
        Path net = Files.createDirectories(proc.resolve("7/net"));
        Files.writeString(net.resolve("tcp"), """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:B798 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 27343 1 0
                   1: 0202000A:C782 01FFFF0A:115C 02 00000001:00000000 01:00000069 00000002     0        0 27364 2 0
                """);
        Files.writeString(net.resolve("tcp6"), """
                  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 0
                """);
        SocketInodes s = new SocketInodes(proc);
        assertThat(s.local(7, 27364, "TCP")).isEqualTo(new Endpoint("10.0.2.2", 51074));
        assertThat(s.local(7, 27343, "TCP")).isEqualTo(new Endpoint("127.0.0.1", 47000 + 0xB798 - 47000));
        assertThat(s.local(7, 999, "TCPv6")).isEqualTo(new Endpoint("::1", 8080));
        assertThat(s.local(7, 1, "TCP")).isNull();
        assertThat(s.local(8, 27364, "UDP")).isNull();
    }
}
