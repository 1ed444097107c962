package dev.kestrel.sensor.ebpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The local end of a datagram sent from an unbound socket, inferred as libsinsp does. */
class LocalAddressesTest {

    private static LocalAddresses.Interface iface(String address, int prefix) {
        return new LocalAddresses.Interface(LocalAddresses.parse(address), prefix == 0 ? 0 : -1 << (32 - prefix));
    }

    private final LocalAddresses host = new LocalAddresses(List.of(iface("127.0.0.1", 8), iface("10.1.2.3", 16),
            iface("192.168.7.9", 24)));

    @Test
    void anInterfaceWithTheDestinationsOwnAddressIsTheLocalEnd() {
        assertThat(host.infer("192.168.7.9")).isEqualTo("192.168.7.9");
        assertThat(host.infer("127.0.0.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void elseTheInterfaceOnTheDestinationsSubnet() {
        assertThat(host.infer("192.168.7.200")).isEqualTo("192.168.7.9");
        assertThat(host.infer("10.1.250.1")).isEqualTo("10.1.2.3");
        assertThat(host.infer("127.5.5.5")).isEqualTo("127.0.0.1");
    }

    @Test
    void elseTheFirstInterfaceThatIsNotLoopback() {
        assertThat(host.infer("203.0.113.2")).isEqualTo("10.1.2.3");
    }

    @Test
    void withoutAnInterfaceOrADottedDestinationThereIsNone() {
        assertThat(new LocalAddresses(List.of()).infer("203.0.113.2")).isNull();
        assertThat(new LocalAddresses(List.of(iface("127.0.0.1", 8))).infer("203.0.113.2")).isNull();
        assertThat(host.infer("::1")).isNull();
        assertThat(host.infer("1.2.3.256")).isNull();
        assertThat(host.infer("1.2.3")).isNull();
        assertThat(host.infer(null)).isNull();
    }

    @Test
    void addressesRoundTripBetweenTextAndNumber() {
        for (String a : List.of("0.0.0.1", "10.1.2.3", "192.168.7.9", "255.255.255.255", "203.0.113.2")) {
            assertThat(LocalAddresses.format(LocalAddresses.parse(a))).isEqualTo(a);
        }
    }

    @Test
    void thisHostsInterfacesIncludeLoopback() {
        assertThat(LocalAddresses.ofHost().infer("127.0.0.1")).isEqualTo("127.0.0.1");
    }
}
