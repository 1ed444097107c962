package dev.kestrel.sensor.strace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kestrel.sensor.strace.StraceValues.FdArg;
import dev.kestrel.sensor.strace.StraceValues.SocketAddress;
import dev.kestrel.sensor.strace.StraceValues.SocketTuple;
import dev.kestrel.sensor.strace.StraceValues.StraceString;
import org.junit.jupiter.api.Test;

class StraceValuesTest {

    @Test
    void stringsWithEscapesAndTruncation() {
        assertThat(StraceValues.string("\"child \\\"quoted\\\"\\n\\ttab\""))
                .isEqualTo(new StraceString("child \"quoted\"\n\ttab", false));
        assertThat(StraceValues.string("\"\\177ELF\\2\\1\"...")).isEqualTo(new StraceString("\u007fELF\u0002\u0001", true));
        assertThat(StraceValues.text("\"caf\\303\\251 \\x41\"")).isEqualTo("café A");
        assertThat(StraceValues.text("NULL")).isNull();
        assertThat(StraceValues.text("\"open")).isNull();
    }

    @Test
    void stringArrays() {
        assertThat(StraceValues.stringArray("[\"sh\", \"-c\", \"cat /etc/shadow > /dev/null\"]"))
                .containsExactly("sh", "-c", "cat /etc/shadow > /dev/null");
        assertThat(StraceValues.stringArray("[\"a\", \"b\", ...]")).containsExactly("a", "b");
        assertThat(StraceValues.stringArray("[]")).isEmpty();
        assertThat(StraceValues.stringArray("0x7ffe")).isNull();
    }

    @Test
    void fileDescriptors() {
        assertThat(StraceValues.fd("3</etc/shadow>")).isEqualTo(new FdArg(3, "/etc/shadow"));
        assertThat(StraceValues.fd("3</etc/shadow>").path()).isEqualTo("/etc/shadow");
        assertThat(StraceValues.fd("AT_FDCWD</tmp>")).isEqualTo(new FdArg(StraceValues.AT_FDCWD, "/tmp"));
        assertThat(StraceValues.fd("10</dev/null<char 1:3>>").path()).isEqualTo("/dev/null");
        assertThat(StraceValues.fd("11")).isEqualTo(new FdArg(11, null));
        assertThat(StraceValues.fd("-1")).isEqualTo(new FdArg(-1, null));
        assertThat(StraceValues.fd("4<TCP:[27347]>").path()).isNull();
        assertThat(StraceValues.fd("O_RDONLY")).isNull();
    }

    @Test
    void socketTuples() {
        assertThat(StraceValues.socket("TCP:[127.0.0.1:43596->127.0.0.1:47001]"))
                .isEqualTo(new SocketTuple("TCP", "127.0.0.1", 43596, "127.0.0.1", 47001, null));
        assertThat(StraceValues.socket("TCP:[127.0.0.1:47001]"))
                .isEqualTo(new SocketTuple("TCP", "127.0.0.1", 47001, null, 0, null));
        assertThat(StraceValues.socket("UDP:[27360]")).isEqualTo(new SocketTuple("UDP", null, 0, null, 0, null));
        SocketTuple v6 = StraceValues.socket("TCPv6:[[::1]:5000->[::1]:80]");
        assertThat(v6).isEqualTo(new SocketTuple("TCPv6", "::1", 5000, "::1", 80, null));
        assertThat(v6.ipv6()).isTrue();
        assertThat(StraceValues.socket("UNIX-STREAM:[27371,\"/tmp/sx/work/sock\"]").unixPath()).isEqualTo("/tmp/sx/work/sock");
        assertThat(StraceValues.socket("/etc/passwd")).isNull();
        assertThat(StraceValues.socket("pipe:[1234]")).isNull();
    }

    @Test
    void socketAddresses() {
        assertThat(StraceValues.sockaddr("{sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr(\"10.255.255.1\")}"))
                .isEqualTo(new SocketAddress("AF_INET", "10.255.255.1", 4444, null));
        assertThat(StraceValues.sockaddr("{sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), "
                + "inet_pton(AF_INET6, \"2001:db8::1\", &sin6_addr), sin6_scope_id=0}"))
                .isEqualTo(new SocketAddress("AF_INET6", "2001:db8::1", 443, null));
        assertThat(StraceValues.sockaddr("{sa_family=AF_UNIX, sun_path=\"/tmp/sx/work/sock\"}"))
                .isEqualTo(new SocketAddress("AF_UNIX", null, 0, "/tmp/sx/work/sock"));
        assertThat(StraceValues.sockaddr("NULL")).isNull();
    }

    @Test
    void numbersAndFlags() {
        assertThat(StraceValues.number("0644")).isEqualTo(0644);
        assertThat(StraceValues.number("04755")).isEqualTo(04755);
        assertThat(StraceValues.number("0")).isZero();
        assertThat(StraceValues.number("12")).isEqualTo(12);
        assertThat(StraceValues.number("0x10")).isEqualTo(16);
        assertThat(StraceValues.number("S_IFREG|0644")).isEqualTo(-1);
        assertThat(StraceValues.flags("O_WRONLY|O_CREAT|O_TRUNC")).containsExactly("O_WRONLY", "O_CREAT", "O_TRUNC");
    }

    @Test
    void annotationPathsAreDecodedAndCutBeforeANestedDetail() {
        assertThat(StraceValues.annotationPath("/tmp/a\\74b\\76")).isEqualTo("/tmp/a<b>");
        assertThat(StraceValues.annotationPath("/dev/pts/0<char 136:0>")).isEqualTo("/dev/pts/0");
        assertThat(StraceValues.annotationPath("/tmp/\\303\\251")).isEqualTo("/tmp/\u00e9");
        assertThat(StraceValues.annotationPath("TCP:[1]")).isNull();
        assertThat(StraceValues.annotationPath(null)).isNull();
        assertThat(StraceValues.fd("AT_FDCWD</tmp/c\\nd>").path()).isEqualTo("/tmp/c\nd");
    }
}
